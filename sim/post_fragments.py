"""The words the post writer composes posts from: plain data, one list per fragment.

Placeholders in braces are filled by :mod:`sim.posts`: {handle} (the brand's @handle),
{brand}, {broken}, {stake}, {place}, {town}, {time}, {since}, {hours}, {fact}, {jab}, {song},
{hashtag}, {first_name}, {mins}, {quote}, {other}, {competitor}, {outlet}, {n}.

Rules for anyone adding lines: keep it fit for a corporate training room. No slurs, no hate, no
threats of any kind (not even jokey ones). Swear words are allowed only from ``SWEARS`` and are
masked at the default language level.
"""
from __future__ import annotations

# Generic fallbacks when a scenario gives none of its own.
BROKEN = ("nothing works", "the service is down", "your app won't load", "everything's broken",
          "it just keeps failing", "error after error")
STAKES = ("work", "an important call", "my shift", "getting the kids sorted", "a deadline today",
          "my mum's appointment")
PLACES = ("at work", "at home", "on the train", "in the car park", "at the school gates",
          "in the office", "at my mum's", "in town")
JABS = ("absolute joke", "embarrassing", "shambles", "pathetic", "what a circus",
        "clowns", "amateur hour", "useless", "unreal", "disgraceful", "a total farce",
        "no words", "laughable")
SONGS = ("Don't Stop Me Now (Already Stopped)", "Every Breath You Take (Not Online)",
         "Waiting on the World to Reconnect", "The Sound of Silence")

OPEN = {
    "angry": ("{handle}", "{handle} seriously?", "oi {handle}", "{handle} AGAIN?", "{handle} wow.",
              "{handle} unbelievable.", "so {handle}", "right {handle}", "{handle} honestly",
              "cheers {handle}", "{handle} thanks a lot", "{handle} brilliant, just brilliant."),
    "question": ("{handle}", "hi {handle}", "{handle} quick question:", "hey {handle},",
                 "{handle} sorry to ask but", "{handle} can I ask", "{handle} anyone on?", "afternoon {handle},",
                 "{handle} hi there,", "{handle} {first_name} here,", "evening {handle},",
                 "{handle} hello,", "{handle} can someone help?", "{handle} hiya,", "morning {handle},"),
    "vulnerable": ("{handle} please help.", "{handle} please", "{handle} I'm really worried.",
                   "{handle} sorry to bother you but", "{handle} I don't know who else to ask.",
                   "{handle} hello, I need help"),
    "business": ("{handle}", "{handle} as a business customer,", "{handle} small business owner here.",
                 "{handle} this is costing us money.", "{handle} we run a shop in {town} and",
                 "{handle} I run a {trade} in {town}.", "{handle} {first_name} here, owner of a {trade}.",
                 "{handle} speaking for our {trade}:", "{handle} on behalf of {n} staff,",
                 "{handle} {trade} owner, {town}.", "{handle} we're a {trade} with {n} staff and"),
    "loyal": ("people calm down,", "honestly,", "gonna say it:", "not gonna lie,", "to be fair,",
              "in {handle}'s defence,"),
    "troll": ("lol {handle}", "{handle} lmao", "imagine being {brand} today", "{handle} ha",
              "not {brand} again", "{handle} 😂"),
    "joker": ("{handle}", "dear {handle},", "{brand} today:", "me to {handle}:", "live footage of {brand}:"),
    "influencer": ("{handle}", "Hey {handle},", "So {handle}...", "Told my followers I'd ask:",
                   "{handle} my DMs are full of this:"),
    "journalist": ("{handle}", "Hi {handle},", "{handle} hello,"),
    "competitor": ("Hey {brand} customers,", "Having trouble with {brand} today?",
                   "Thinking of you, {brand} customers.", "To everyone stuck with {brand}:"),
}

CORE = {
    "angry": (
        "{broken} since {since} and not a word from you",
        "{broken} and I'm missing {stake}",
        "{broken} {place}, missed {stake} because of you",
        "{hours} hours of {broken} now",
        "{broken}. pay every month for THIS",
        "still {broken}. {stake} is ruined",
        "{broken} all morning, I've got {stake} to deal with",
        "you had one job and it's {broken} since {since}",
        "{broken} {place} and no update anywhere",
        "how is it {time} and still {broken}",
        "{broken}. {stake} gone. thanks for nothing",
        "my whole street in {town} has {broken}",
        "{broken} again, third time this year",
        "been on hold {mins} minutes about {broken}",
        "{broken} and your website just says try later",
        "{broken} and nobody answers the phone",
    ),
    "question": (
        "is {broken} nationwide or just {town}?",
        "any idea when {broken} will be fixed?",
        "is there an update on {broken}? I've got {stake} later",
        "will we get compensation for {broken}?",
        "should I restart or just wait? {broken} {place}",
        "is anyone else getting {broken}? in {town}",
        "what's the ETA on the fix? {broken} since {since}",
        "is there a workaround for {broken}? need it for {stake}",
        "do you know what's causing {broken}?",
        "how long is {broken} going to last?",
        "is this affecting everyone? {broken} here in {town}",
        "where can I get updates on {broken}?",
        "{broken} {place}. do I need to do anything or will it come back on its own?",
        "people are saying {fact_q}. is that true?",
    ),
    "vulnerable": (
        "I'm 84 and on my own, {broken} and I can't reach my daughter",
        "my son is disabled and {broken} means I can't call his carer",
        "I'm pregnant and alone {place}, {broken}. what do I do if something happens",
        "my dad lives alone and has a heart condition, {broken} so I can't check on him",
        "I'm partially sighted and rely on this, {broken} and I'm stuck",
        "I'm housebound and {broken}, it's how I get help if I fall",
        "I have epilepsy and live alone, {broken}. scared tbh",
        "my mum is 91, {broken} and she's panicking on her own",
        "I'm a carer and {broken}, I can't reach the person I look after",
        "I use a wheelchair and {broken} {place}, I don't know how to get home",
    ),
    "business": (
        "{broken} since {since} and we've lost a morning of sales",
        "we can't take payments, {broken}. this is costing us hundreds",
        "{n} staff sat idle because of {broken}",
        "{broken}, customers walking out of my shop in {town}",
        "we need {stake} sorted today and {broken}",
        "who do we claim from? {broken} has cost us a day's takings",
        "our whole team is down: {broken}. any business line?",
        "{broken} {place} and the {trade} is losing money by the minute",
        "{n} customers turned away so far. {broken}",
        "we've had to put a sign on the door: {broken}",
        "{broken} on the busiest day of our {season}",
        "I've sent {n} staff home because of {broken}",
        "our accountant says {stake} can't wait. {broken}",
    ),
    "loyal": (
        "{brand} have been solid for me for years, give them a chance",
        "it's one bad day, {brand} usually sort things quickly",
        "engineers are probably working flat out, be kind",
        "I've been with {brand} {n} years and this is the first time",
        "stuff breaks, shouting at the social team won't fix it",
        "hang in there {brand} team, some of us appreciate you",
    ),
    "troll": (
        "maybe {broken} is a feature not a bug",
        "bet the intern unplugged something again",
        "{brand} running on two hamsters and a wheel",
        "someone check if they paid the electric bill",
        "thoughts and prayers to {brand}'s servers",
        "at this point just turn it off and on again",
        "{broken}? must be {time}, time for {brand}'s daily nap",
    ),
    "joker": (
        "{song}",
        "now playing {place}: {song}",
        "{time} in {town} and the only thing playing is {song}",
        "my nan in {town} has requested {song}",
        "top of the {brand} charts at {time}: {song}",
        "dedicating {song} to the {brand} engineers",
        "{first_name} on the karaoke {place}: {song}",
        "{brand}'s greatest hits vol 1: {song}",
        "my phone has been on airplane mode all day and I never left the ground",
        "started talking to my neighbours in {town} because of {brand}. {first_name} at number {n} seems nice",
        "{time} and I've found a book. has pages. very retro. thanks {brand}",
        "{brand} giving the whole of {town} a digital detox nobody asked for",
    ),
    "influencer": (
        "{n}k of you have asked me about {brand} today. {broken} since {since}",
        "the silence from {brand} is louder than the outage",
        "how does a company this size have {broken} for {hours} hours",
        "I'm {place} and {broken}. what's going on, {brand}?",
        "this is the worst outage I've seen from {brand}, and nobody is telling us anything",
    ),
    "journalist": (
        "I'm writing about the {brand} outage for {outlet}. could your press team send a statement?",
        "{outlet} here: can you confirm how many customers are affected and the cause?",
        "covering the outage for {outlet}, deadline {time_later}. is there a spokesperson available?",
        "reporting for {outlet}. readers say {broken} since {since}. can you comment?",
        "reports say {fact_q}. can you confirm? {outlet} would like a statement before {time_later}",
        "{first_name} at {outlet} here. how many customers are affected, and since when?",
        "we're hearing from readers in {town} that {broken} since {since}. is this nationwide?",
        "{outlet} is running a live blog on the outage. who should we speak to for an update?",
        "is it true that {fact_q}? we're publishing at {time_later} and would welcome your side",
        "could someone from the press office call me back about today's outage? ({outlet}, deadline {time_later})",
        "one of our readers says {stake} has been ruined. will affected customers be compensated?",
    ),
    "competitor": (
        "{competitor} is working just fine in {town} today 😉 switch in {n} minutes",
        "{competitor} here. our lines are open and our service is up",
        "no outage at {competitor}. just saying",
        "{competitor}: {n}% off your first month if you switch today",
        "{competitor} customers in {town} haven't noticed a thing today. just saying 👀",
        "switching takes {mins} minutes with {competitor}. we'll even keep your number",
        "{competitor} here. {hours} hours of downtime? not on our watch",
        "if you're in {town} and fed up, {competitor} has a shop open till {time_later}",
    ),
}

TAIL = {
    "angry": ("{jab}", "{jab}.", "sort it out", "sort it OUT", "absolute {jab}", "unreal",
              "ridiculous", "fix it", "not good enough", "answer your customers", "{jab} tbh",
              "cancelling my contract", "where's the update?", "anyone there?", "why is nobody replying?",
              "is anyone actually working?", "what am I paying for?", "", "", ""),
    "question": ("thanks", "cheers", "thank you", "ta", "", "", "", "appreciate any info",
                 "thanks in advance", "cheers {brand_short}", "any info appreciated", "ta very much",
                 "just want to know what to do", "thanks, {first_name}", "would be good to know", "x"),
    "vulnerable": ("please reply", "please help", "I don't know what to do", "anyone?",
                   "please someone answer", "", "thank you"),
    "business": ("we need answers NOW", "who do I speak to?", "unacceptable for a business account",
                 "sort it", "", "is there a business line?", "who pays for today's losses?",
                 "a named contact would help", "we'll be looking at other providers", "please call me back",
                 "I need something I can tell my staff", "been with you {n} years", "this can't happen again"),
    "loyal": ("", "chill", "❤️", "just saying", ""),
    "troll": ("", "lol", "🤡", "classic", "ha"),
    "joker": ("", ""),
    "influencer": ("thoughts?", "RT if you're affected", "{brand}, answer us", ""),
    "journalist": ("thanks", "many thanks", ""),
    "competitor": ("", ""),
}

# Follow-ups from the same author after a reply (or a silence).
FOLLOW_UP = {
    "thanks": ("thanks {brand_short}, appreciate the honest answer", "cheers, that actually helps",
               "ok thank you, that's all I wanted to know", "thanks for getting back to me, fingers crossed",
               "fair enough, thanks for replying", "appreciate it, thank you 🙏", "ok that's helpful, ta"),
    "softens": ("ok. still not great but thanks for replying", "fine. at least someone's answering",
                "ok... keep us posted then", "right, appreciate the reply I suppose",
                "ok that's something, thanks"),
    "still_angry": ("that doesn't actually answer my question", "so when will it be fixed then?",
                    "a reply is nice but I still have {broken}", "and? still nothing works",
                    "words are cheap, fix it", "that's it? {jab}"),
    "escalates": ("\"{quote}\" are you serious?? unbelievable", "wow. \"{quote}\". reported",
                  "did you really just say \"{quote}\"? {jab}", "don't tell me \"{quote}\". I'm done with {brand}",
                  "screenshotting this. \"{quote}\"", "talk to your customers like that? cancelling"),
    "mocks": ("\"{quote}\" lmaooo {brand}'s social team is cooked",
              "\"{quote}\" 💀 someone get this person a day off",
              "{n}k followers about to see how {brand} talks to customers: \"{quote}\""),
    "chaser": ("still waiting. {mins} minutes and nothing", "hello?? {mins} mins, no reply",
               "{handle} ignoring me now? still {broken}", "still no reply, still {broken}. {jab}",
               "{mins} minutes later and not a word from {handle}", "day 2 energy and it's only {time}. anyone?",
               "{handle} you reply to others but not me?", "I asked {mins} minutes ago. still nothing"),
}

BYSTANDER = {
    "praise": ("{handle}'s social team is on fire today 😂", "whoever runs {handle} deserves a raise",
               "ok {brand}, that reply was class", "this is how you do it. take notes, every other brand",
               "the {brand} replies are the only good thing about today", "respect to {handle} for that one 👏"),
    "pile_on": ("screenshot this before they delete it: \"{quote}\"", "{handle} \"{quote}\"?? how do you talk to customers",
                "can't believe {handle} replied \"{quote}\" to someone with no service",
                "\"{quote}\" is a wild thing to say to a customer, {handle}",
                "quote-posting this so everyone sees how {brand} treats people"),
    "callout_copy_paste": ("{handle} has sent the exact same reply to everyone. are you a bot?",
                           "{handle} copy, paste, repeat. does anyone actually read our posts?",
                           "got the same word-for-word reply as {n} other people {handle}. lovely",
                           "{handle} the copy-paste replies are making it worse tbh"),
    "callout_vulnerable": ("{handle} {other} has been begging you for help for ages and you're ignoring them",
                           "{handle} someone vulnerable is asking for help and you're replying to jokes? sort it",
                           "{handle} please answer {other}, they sound genuinely scared",
                           "can someone at {handle} please help {other}? it's been ages"),
    "contradiction": ("{handle} you told {other} it'd be fixed by {promised}. it's {time}",
                      "{handle} which is it? you told {other} {promised}",
                      "so {handle} said {promised} to {other}. it's {time} and still {broken}"),
    "joins_in": ("same here in {town}. {broken}", "{handle} same, {broken} {place}",
                 "me too, {broken} since {since}", "+1, {broken} in {town} as well. no reply either",
                 "{handle} also waiting. {broken}"),
    "press": ("{outlet}: {brand} outage leaves customers angry as {broken} continues",
              "{outlet} live: {brand} customers report {broken} across the country"),
    "callout": ("{handle} people are still waiting for answers", "{handle} this is getting worse, not better"),
}

AFTER_FIX = ("finally back but {hours} hours of {broken}. what about compensation?",
             "it's back. {jab} day though", "working again. not impressed, {brand}",
             "back on, but who pays for {stake}?")

TRADES = ("cafe", "salon", "barbers", "bakery", "florist", "garage", "takeaway", "pub", "bike shop",
          "corner shop", "nursery", "dental practice", "gym", "butcher's", "bookshop", "plumbing firm",
          "cleaning company", "taxi firm", "print shop", "vets", "pharmacy", "car wash", "deli", "tattoo studio")
SEASONS = ("week", "month", "year", "quarter", "summer", "run-up to Christmas")
OUTLETS = ("the Daily Ledger", "Morning Post", "City Wire", "the Northern Echo", "Tech Brief",
           "Money Desk", "the Evening Standard-Bearer", "Radio Five Live-ish", "Consumer Watch",
           "the Herald", "Metro Wire", "Business Today", "the Weekly Chronicle", "Local Live", "the Gazette")
COMPETITORS = ("Brightline", "Kestrel", "Orbit", "Halcyon", "Northstar", "Fenwick & Co")
EMOJI = ("😡", "🙄", "😤", "😭", "🤬", "😩", "💀", "🤦")
CAPS_WORDS = ("NOTHING", "STILL", "NO", "EVERY", "ALL", "NOW", "AGAIN", "NOBODY", "ZERO", "HOURS")

# Masked at the "mild" language level; the generator uses them sparingly, never as slurs.
SWEARS = ("fucking", "fuck", "shit", "bollocks", "piss", "arse", "bastards", "crap")
SWEAR_SPOTS = ("{s} useless", "{s} joke", "what the {s}", "absolute {s}")
SWEAR_FILL = {"{s} useless": ("fucking", "bloody"), "{s} joke": ("fucking", "bloody"),
              "what the {s}": ("fuck", "hell"), "absolute {s}": ("shit", "bollocks", "crap")}

# Typing habits: (pattern, replacement) applied to some posts.
ABBREV = (("please", "pls"), (" you ", " u "), ("people", "ppl"), ("thanks", "thx"),
          ("because", "cos"), ("really", "rly"), ("tonight", "tonite"), ("minutes", "mins"),
          ("to be honest", "tbh"), ("don't", "dont"), ("can't", "cant"), ("it's", "its"),
          ("I'm", "im"), ("won't", "wont"), ("your", "ur"), ("are", "r"))

# Ways people say the same thing: each word may be swapped for one of its alternatives, so a
# thousand posts built from the same fragments still read as a thousand people.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "since": ("since", "from", "as of", "ever since"), "still": ("still", "STILL", "still"),
    "nothing": ("nothing", "zero", "nada", "not a thing", "zilch"), "missed": ("missed", "lost", "blown", "wrecked"),
    "missing": ("missing", "losing", "about to miss", "going to miss"), "word": ("word", "peep", "update", "tweet", "squeak"),
    "thanks": ("thanks", "cheers", "ta", "thank you"), "help": ("help",),
    "fixed": ("fixed", "sorted", "back up", "working", "resolved", "back"), "fix": ("fix", "sort", "repair", "resolve"),
    
    "all": ("all", "the whole", "literally all"),
    "whole": ("whole", "entire", "full"), "absolute": ("absolute", "utter", "total", "complete"),
    "useless": ("useless", "hopeless", "pointless", "a waste of space", "rubbish"),
    "joke": ("joke", "farce", "circus", "shambles", "pantomime"), "update": ("update", "news", "info", "word", "status"),
    "really": ("really", "genuinely", "seriously", "honestly", "proper"), "worried": ("worried", "scared", "anxious", "frightened"),
    "please": ("please", "pls", "PLEASE", "plz", "please please"), "anyone": ("anyone", "anybody", "someone", "a human"),
    "phone": ("phone", "mobile", "handset", "phone"), "today": ("today", "this morning", "all day", "right now"),
    "customers": ("customers", "people", "users", "folk", "subscribers"), "people": ("people", "folk", "customers", "everyone"),
    "money": ("money", "cash", "££", "dosh"), "waiting": ("waiting", "hanging on", "sat here", "stuck waiting"),
    "reply": ("reply", "response", "answer", "word back"), "replying": ("replying", "responding", "answering", "getting back"),
    "ridiculous": ("ridiculous", "absurd", "unacceptable", "outrageous", "mental"), "fine": ("fine", "perfectly", "great", "ok"),
    "hours": ("hours", "hrs", "HOURS"), "minutes": ("minutes", "mins", "minutes"),
    "great": ("great", "brilliant", "fab", "lovely", "marvellous"), "honestly": ("honestly", "tbh", "genuinely", "literally", "frankly"),
    "bad": ("bad", "poor", "rough", "awful", "dire"), "happening": ("happening", "going on", "up", "the deal"),
    "know": ("know", "know", "know for sure"),
    "just": ("just", "literally", "only", "simply"),
    "and": ("and", "and", "&", "plus"), "but": ("but", "but", "yet", "though"),
    "can't": ("can't", "cant", "cannot", "can not"), "don't": ("don't", "dont", "do not"),
    "it's": ("it's", "its", "it is"), "i'm": ("I'm", "im", "I am"), "you": ("you", "u", "you lot", "you guys"),
    "your": ("your", "ur", "your"), 
    "how": ("how", "how on earth", "how the hell", "how exactly"), "why": ("why", "why on earth", "how come", "why exactly"),
    "when": ("when", "when exactly", "what time", "by when"), "what": ("what", "wtf", "what exactly", "what on earth"),
    "down": ("down", "dead", "offline", "broken", "kaput"), "broken": ("broken", "dead", "knackered", "bust", "down"),
    "again,": ("again,", "once again,", "AGAIN,"), "unbelievable": ("unbelievable", "incredible", "unreal", "wow"),
    "pathetic": ("pathetic", "embarrassing", "shameful", "woeful"), "seriously": ("seriously", "for real", "srsly", "honestly"),
    "kids": ("kids", "children", "little ones", "boys"),
    "mum": ("mum", "mam", "mother", "old mum"), "dad": ("dad", "father", "old man", "grandad"),
    "scared": ("scared", "frightened", "terrified", "panicking"), "alone": ("alone", "alone", "all alone"),
    "shop": ("shop", "store", "cafe", "salon", "business"), "staff": ("staff", "people", "employees", "team members"),
    "lost": ("lost", "wasted", "written off", "lost"), "guys": ("guys", "lot", "people", "team"),
    "good": ("good", "great", "decent"), "enough": ("enough", "enough", "good enough"),
    "told": ("told", "promised", "said to", "assured"), "said": ("said", "claimed", "promised", "told us"),
    "everyone": ("everyone", "everybody", "all of us", "the whole country"), "everything": ("everything", "it all", "the lot"),
    "quick": ("quick", "short", "simple", "fast"), "question": ("question", "q", "query", "one"),
    "team": ("team", "crew", "lot", "folks", "people"), "probably": ("probably", "prob", "likely", "surely"),
    "bet": ("bet", "reckon", "guarantee", "assume"),
}
FILLERS = ("honestly", "literally", "seriously", "like", "genuinely", "actually", "just", "tbh",
           "ffs", "mate", "ugh", "fr", "no joke", "I swear", "again", "right", "so", "lads", "sigh")

# More of the everyday words people say the same thing with (merged into SYNONYMS). The first
# alternative is the word itself, so it still turns up most often.
MORE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "again": ("again", "once more", "yet again", "AGAIN", "again!"), "working": ("working", "functioning", "going", "up", "doing anything"),
    "saying": ("saying", "claiming", "reporting", "telling people", "posting"), "says": ("says", "claims", "reckons", "insists", "tells us"),
    "business": ("business", "company", "firm", "small business", "livelihood"), "someone": ("someone", "somebody", "anyone", "a real person", "a human being"), "stuck": ("stuck", "trapped", "stranded", "stood", "left hanging"),
    "nobody": ("nobody", "no one", "not one person", "not a soul", "zero people"),
    "website": ("website", "site", "web page", "homepage", "online account"),
    "brilliant": ("brilliant", "fantastic", "superb", "magnificent", "top notch"), "helpful": ("helpful", "useful", "informative", "reassuring", "clear"),
    "actually": ("actually", "really", "in fact", "genuinely", "truly"), "costing": ("costing", "losing", "burning", "draining"), "info": ("info", "information", "details", "news", "updates"),
    "gone": ("gone", "vanished", "disappeared", "dead", "wiped"), "appreciate": ("appreciate", "would love", "am grateful for"), "calls": ("calls", "phone calls", "rings", "calls"),
    "wow": ("wow", "woah", "blimey", "crikey", "oh wow"),
    "online": ("online", "on the web", "via the app", "on the site"),
    "fault": ("fault", "issue", "problem", "glitch", "mess"), "paying": ("paying", "shelling out", "handing over", "spending"),
    "impressed": ("impressed", "happy", "pleased", "amused", "chuffed"), "nationwide": ("nationwide", "everywhere", "countrywide", "across the UK", "national"),
    "frozen": ("frozen", "stuck", "locked up", "hung", "jammed"), "mate": ("mate", "pal", "bud", "love", "my friend"),
    "engineers": ("engineers", "techies", "tech team", "IT people", "engineering team"), "causing": ("causing", "behind", "responsible for", "the reason for"),
    "rejected": ("rejected", "refused", "bounced", "turned down", "knocked back"),
    "wages": ("wages", "pay", "salaries", "pay packets", "earnings"), "failed": ("failed", "crashed", "died", "flopped", "broke"),
    "ruined": ("ruined", "wrecked", "spoilt", "destroyed", "a write-off"), "unreal": ("unreal", "unbelievable", "mad", "insane", "wild"), "declined": ("declined", "refused", "rejected", "bounced", "turned down"),
    "genuinely": ("genuinely", "honestly", "truly", "sincerely"),
    "finally": ("finally", "at last", "at long last", "eventually"),
    "sorry": ("sorry", "apologies", "soz", "sorry"), "unacceptable": ("unacceptable", "not on", "out of order", "disgraceful", "a disgrace"), "twice": ("twice", "two times", "double", "twice over"), "never": ("never", "not once", "never ever"),
    "closed": ("closed", "shut", "shut down", "unstaffed"), "failing": ("failing", "crashing", "dying", "giving up", "erroring"),
    "updates": ("updates", "news", "info", "messages"), "refused": ("refused", "declined", "rejected", "bounced"),
    "restart": ("restart", "reboot", "turn it off and on", "reset"), "sorted": ("sorted", "fixed", "resolved", "done", "back"),
    "hundreds": ("hundreds", "loads", "dozens", "so many", "a ton"), "deadline": ("deadline", "cut-off", "due time", "hard deadline"), "cancelling": ("cancelling", "ending", "quitting", "ditching", "leaving"),
    "contract": ("contract", "plan", "account", "subscription"), "employees": ("employees", "staff", "workers", "team", "people"), "walking": ("walking", "storming", "heading", "marching"), "crashing": ("crashing", "freezing", "falling over", "dying"),
    "normally": ("normally", "usually", "most days", "as a rule"),
    }

# Voices: how a person types, kept through the whole post (function words too: "me phone",
# "u", "ur", "cos", "dunno"). The writer picks one per person.
VOICES: dict[str, dict[str, tuple[str, ...]]] = {
    "plain": {},
    "textspeak": {"you": ("u",), "your": ("ur",), "you're": ("ur", "youre"), "are": ("r",), "because": ("cos", "bc"),
                  "please": ("pls", "plz"), "people": ("ppl",), "thanks": ("thx", "ty"), "though": ("tho",),
                  "tomorrow": ("tmrw",), "tonight": ("2nite",), "about": ("abt",), "with": ("w/",), "don't": ("dont",),
                  "know": ("kno", "know"), "really": ("rly",), "what": ("wot", "wat"), "before": ("b4",), "for": ("4", "for"),
                  "to": ("to", "2"), "and": ("&", "n"), "minutes": ("mins",), "message": ("msg",), "probably": ("prob",)},
    "northern": {"my": ("me", "my"), "nothing": ("nowt",), "anything": ("owt",), "something": ("summat",),
                 "very": ("proper", "dead"), "really": ("proper", "right"), "yes": ("aye",),
                 "isn't": ("int", "isn't"), "myself": ("meself",), "mate": ("our kid", "pal", "mate"),
                 "lads": ("lads", "lasses and lads")},
    "formal": {"can't": ("cannot",), "don't": ("do not",), "won't": ("will not",), "it's": ("it is",), "i'm": ("I am",),
               "isn't": ("is not",), "we're": ("we are",), "they're": ("they are",), "i've": ("I have",),
               "you're": ("you are",), "what's": ("what is",), "there's": ("there is",), "thanks": ("thank you",),
               "ok": ("okay",), "mum": ("mother",), "dad": ("father",), "kids": ("children",)},
    "emphatic": {"very": ("extremely", "massively", "hugely"), "really": ("absolutely", "completely", "utterly"),
                 "bad": ("appalling", "atrocious", "horrendous"), 
                 "now": ("NOW", "right now", "now"), "all": ("ALL", "every single", "all"), "no": ("NO", "zero", "no")},
}
