"""Word documents: build_*() functions that return bytes (pure: no request, no commit)."""
from .card import build_card_docx
from .card import file_name as card_file_name
from .plan import build_plan_docx, file_name
from .review import build_review_docx, review_file_name

__all__ = ["build_card_docx", "build_plan_docx", "build_review_docx", "card_file_name", "file_name", "review_file_name"]
