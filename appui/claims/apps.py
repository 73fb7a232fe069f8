import logging

from django.apps import AppConfig

logger = logging.getLogger(__name__)


class ClaimsConfig(AppConfig):
    """Claims and the documents generated from them; installed for its templates and
    stylesheet (no models)."""

    name = "appui.claims"
    label = "claims"

    def warm_up(self) -> None:
        """Make one blank letter as a web process starts: WeasyPrint's import and its fonts
        cost about a second, which no victim should wait for on her first download."""
        from .letters import Letter, LetterKind, Person, render_pdf

        try:
            render_pdf(Letter(kind=LetterKind.PROSECUTOR_LETTER, applicant=Person()))
        except Exception:  # a host without Pango serves everything but PDFs: say so, go on
            logger.exception("PDF letters are not available in this process")
