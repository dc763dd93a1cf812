"""What people say back, in each persona's own voice, and the crowd's call-outs.

The post writer (:mod:`sim.posts`) asks here first for the lines of a reaction: a joker who
liked your reply does not thank you like a worried customer, a competitor never thanks you at
all, and an influencer tells their followers. Lines use the scenario-template grammar the writer
fills (``{brand}``, ``{handle}``, ``{other}``, ``{promised}``, ``{time}``, ``<a|b>``).

Kinds the crowd plans (:mod:`sim.crowd`) that need their own words:

- ``thanks`` / ``softens`` by persona (the author, after a strong or a decent reply);
- ``repeated``: the author, told the same thing twice by a follow-up that brought nothing new
  (any persona's own line first, else :data:`ANY_AUTHOR`);
- ``promise_passed``: a fix time the brand promised has come and gone (only planned once the
  in-world clock has passed it, so it can say "it's {time}");
- ``contradiction``: two replies named different times (says nothing about the time passing);
- ``disagreement``: in a team drill, two people's replies said different things (a cause, advice,
  what works, money: sim.consistency); ``{promised}`` is the earlier reply's words;
- ``callout_secrets``, ``callout_unsafe``, ``callout_no_safety_advice``, ``callout_misleading``: the
  public faults.
"""
from __future__ import annotations

AUTHOR: dict[str, dict[str, tuple[str, ...]]] = {
    "joker": {
        "thanks": ("ha, ok {brand}, you win this round 😂", "fair play, that made me laugh. still no signal though",
                   "<lol|haha> ok the social team is funnier than me", "10/10 reply, would be ignored by {brand} again",
                   "<ok that's|that's> actually <brilliant|class> 😂"),
        "softens": ("alright, I'll allow it", "a solid 6/10 reply, {brand}", "ok that got a smile. a small one",
                    "<not bad|decent effort>, {brand}"),
    },
    "troll": {
        "thanks": ("ok fine that was a decent answer. still rubbish though", "can't even be mad at that one",
                   "<hm|huh>. actually fair", "annoyingly reasonable reply tbh"),
        "softens": ("whatever. still rubbish", "ok. still think you're useless", "<meh|sure>. fix it then"),
    },
    "competitor": {
        "thanks": ("nice recovery, {brand} 👋 our offer still stands for anyone who's had enough",
                   "credit where due, {brand}. we're here if anyone needs a backup 😉",
                   "smooth reply. still, <switching|moving over> takes 5 minutes 😉"),
        "softens": ("good luck today, {brand} 👋", "we'll leave the light on for your customers 😉",
                    "<nice try|ok>, {brand}. the offer stands"),
    },
    "influencer": {
        "thanks": ("credit where it's due: {brand} actually answered me properly. noted for the thread",
                   "update for everyone asking: {brand} replied and it was a real answer. will keep you posted",
                   "ok {brand} handled that well. telling my followers as much"),
        "softens": ("{brand} replied. not a full answer but it's something. thread updated",
                    "at least {brand} is talking now. still watching", "got a reply. <meh|we'll see>. updates to follow"),
    },
    "journalist": {
        "thanks": ("thanks, that's useful for our piece", "appreciated, we'll include that", "thanks, noted for the update"),
        "softens": ("thanks. we'd still welcome a fuller statement", "noted. is a spokesperson available?",
                    "thanks, we'll follow up with the press office"),
    },
    "vulnerable": {
        "thanks": ("thank you so much, that's a real relief", "thank you for answering me, I was so worried",
                   "<thank you|thanks>, that helps. <I'll do that now|I know what to do now>"),
        "softens": ("thank you. I'm still worried but I'll try that", "ok. please let me know as soon as you know more"),
    },
    "business": {
        "thanks": ("thanks, that helps us plan the day", "appreciated, we can work with that",
                   "thanks for the straight answer, we'll sort the customers at our end"),
        "softens": ("ok, keep us posted. we have customers waiting", "noted. we still need a time we can plan around"),
    },
    "loyal": {
        "thanks": ("thanks team, knew you'd come through 💪", "this is why I stay with {brand}. thanks"),
        "softens": ("no worries, hang in there", "thanks, appreciate the reply"),
    },
}

# The author's lines for a reaction any persona may have, when their own voice has none.
ANY_AUTHOR: dict[str, tuple[str, ...]] = {
    "repeated": ("{handle} yes, you said that already. is there anything new?",
                 "that's the same as your last reply, {brand}. <any actual news?|what's changed?>",
                 "you've told me that already. when will you actually know something?",
                 "<ok|right>, same answer as before then. I'll keep waiting I suppose"),
}
AUTHOR["joker"]["repeated"] = ("did {brand} just send me the same reply twice 😂 <bot confirmed|glitch in the matrix>",
                               "deja vu. {brand} reply, part 2: same as part 1")
AUTHOR["journalist"]["repeated"] = ("thanks, but that's your earlier statement again. anything new on the cause?",
                                    "that's what you told us before. is there an update we can use?")

BYSTANDER: dict[str, tuple[str, ...]] = {
    "promise_passed": ("{handle} you told {other} it'd be fixed by {promised}. it's {time}",
                       "so {handle} said {promised} to {other}. it's {time} and still {broken}",
                       "{handle} {promised} came and went. what happened to the fix you promised {other}?"),
    "contradiction": ("{handle} which is it? you told {other} {promised}",
                      "{handle} you gave {other} a different time ({promised}). does anyone there know?",
                      "two different fix times from {handle} in an hour. {other} was told {promised}"),
    "disagreement": ("{handle} which is it? you told {other} \"{promised}\"",
                     "{handle} your own team can't agree. {other} was told \"{promised}\"",
                     "does anyone at {handle} talk to each other? {other} got \"{promised}\" from you"),
    "callout_secrets": ("{handle} is asking people for their PIN in public?? that's exactly how scams work",
                        "PSA: {brand} will never need your password. why is {handle} asking for it?",
                        "screenshot this: {handle} asking a customer for private details in a public reply",
                        "{handle} asking for login details in the replies. how is anyone meant to spot the scammers now"),
    "callout_unsafe": ("{handle} your own update says the opposite. which is it? people could get hurt",
                       "screenshotting {handle}'s advice before they delete it. that's not safe",
                       "{handle} don't tell people that, your own page says otherwise"),
    "callout_no_safety_advice": ("{handle} someone says they're in an emergency and you reply with a DM queue?? tell them to ring 999",
                                 "{handle} read the post again. that person needs 999, not a form",
                                 "screenshotting this: {handle} didn't even tell someone in an emergency to call for help"),
    "callout_misleading": ("{handle} that's not what your status page says", "{handle} is that actually true? nothing official says so",
                           "{handle} making things up now? the facts say otherwise"),
}


def author_lines(persona: str, kind: str) -> tuple[str, ...]:
    """The author's lines for a reaction in their persona's voice (empty: the writer's own)."""
    return AUTHOR.get(persona, {}).get(kind, ()) or ANY_AUTHOR.get(kind, ())


def bystander_lines(kind: str) -> tuple[str, ...]:
    return BYSTANDER.get(kind, ())
