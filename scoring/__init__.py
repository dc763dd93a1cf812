"""Reply scoring: pure functions over text and a plain context. Never imports ``sim`` or textual."""
from scoring.context import Fact, ReplyContext, Score
from scoring.scorer import score_reply

__all__ = ["Fact", "ReplyContext", "Score", "score_reply"]
