"""What leaves the review for the coach's eyes or the coachee's: the coachee's full-screen view,
the charts as a PNG and the report as a PDF, each saved whole and private."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from coachdesk.domain.errors import InvalidInput
from coachdesk.domain.i18n import _

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from coachdesk.ui.review_controller import ReviewController
    from coachdesk.ui.review_page import ReviewPage
    from coachdesk.ui.share_view import ShareView


class ReviewOutputs(QObject):
    """Serves a review page's share, PNG and PDF requests; its dialogs open over ``window``."""

    #: A file could not be written: the message to show.
    failed = Signal(str)

    def __init__(self, review: ReviewController, page: ReviewPage, window: QWidget) -> None:
        super().__init__(window)
        self.review = review
        self.page = page
        self.window = window
        #: The coachee's view while it is open.
        self.share_view: ShareView | None = None
        self._save_dir = str(Path.home())  # where the last save went, for the next one
        page.share_requested.connect(self.share)
        page.save_png_requested.connect(self.save_png)
        page.save_pdf_requested.connect(self.save_pdf)

    def share(self) -> None:
        """Open the coachee's view, full screen on the screen the coach chose."""
        from coachdesk.ui.share_view import ShareView

        self.close_share_view()
        self.share_view = ShareView(self.review, self.window, self.page.chosen_screen())
        self.share_view.destroyed.connect(self._on_share_view_destroyed)
        self.share_view.show_full_screen()

    def close_share_view(self) -> None:
        if self.share_view is not None:
            self.share_view.close()

    def _on_share_view_destroyed(self) -> None:
        self.share_view = None

    def save_png(self) -> None:
        from coachdesk.domain.private_files import private_file
        from coachdesk.ui.report import png_caption, save_png

        path = self._ask_save_path(_("Save charts as PNG"), "PNG (*.png)", ".png")
        if path is None:
            return
        try:
            with private_file(path) as tmp:
                caption = png_caption(self.review.report(with_notes=False))
                if not save_png(self.page.charts, tmp, caption):
                    raise InvalidInput(_("Could not save {path}.").format(path=path))
        except InvalidInput as e:
            self.failed.emit(str(e))
            return
        self.page.show_saved(path)

    def save_pdf(self) -> None:
        from coachdesk.domain.private_files import private_file
        from coachdesk.ui.report import write_pdf

        path = self._ask_save_path(_("Save report as PDF"), "PDF (*.pdf)", ".pdf")
        if path is None:
            return
        try:
            with private_file(path) as tmp:  # the coach's own eyes only, whatever the umask
                report = self.review.report(with_notes=self.page.report_with_notes())
                write_pdf(report, tmp)
        except InvalidInput as e:
            self.failed.emit(str(e))
            return
        self.page.show_saved(path)

    def _ask_save_path(self, title: str, filter_: str, suffix: str) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        suggested = self.review.file_stem() + suffix  # coachee-YYYY-MM-DD-session-N
        chosen, _filter = QFileDialog.getSaveFileName(
            self.window, title, str(Path(self._save_dir) / suggested), filter_
        )
        if not chosen:
            return None
        path = Path(chosen)
        self._save_dir = str(path.parent)
        return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)
