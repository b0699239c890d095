"""Word documents: build_*() functions that return bytes (pure: no request, no commit)."""
from .plan import build_plan_docx, file_name
from .review import build_review_docx, review_file_name

__all__ = ["build_plan_docx", "build_review_docx", "file_name", "review_file_name"]
