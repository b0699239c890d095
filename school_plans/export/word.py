"""A thin writer over python-docx: A4, real headings, tables whose header row repeats,
shaded cells, page fields, native comments, document language and clean properties.

A document in a right-to-left language (Arabic) is laid out right to left: its page, its
tables (columns from the right) and every paragraph with any of its words in it; a paragraph
that is only what someone wrote in a left-to-right language stays left to right.

Every piece of user text goes through text.clean() again on its way in (python-docx
refuses control characters), so anything that could be saved can be exported.
"""
import functools
import re
import unicodedata
from copy import deepcopy
from datetime import datetime, timezone
from io import BytesIO

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import _Cell
from docx.text.run import Run
from lxml.etree import SubElement

from .. import i18n, text
from ..text import without_bidi_controls

A4 = (Mm(210), Mm(297))
MARGIN = Mm(20)
TEXT_WIDTH = A4[0] - 2 * MARGIN
HEADER_FILL = "E8E8E8"
BOX_FILL = "F3F2F1"
DELETED, INSERTED = RGBColor(0xA0, 0x1C, 0x1C), RGBColor(0x00, 0x5A, 0x30)   # struck through, underlined
_FIELD = re.compile(r"\{(page|pages)\}")
_BREAKS = re.compile(r"[\t\n\r]")
_RPR, _BOLD, _RTL, _T = qn("w:rPr"), qn("w:b"), qn("w:rtl"), qn("w:t")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _clean(value) -> str:
    return text.clean("" if value is None else str(value))


APP_PROPERTIES = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                  b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
                  b"<Application>school-plans</Application></Properties>")
# w:bidi must sit in its place in w:pPr's sequence: these are the elements that may follow it.
_AFTER_BIDI = ("w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
               "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
               "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
_AFTER_RTL = ("w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")
_AFTER_BIDI_VISUAL = ("w:tblStyleRowBandSize", "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing",
                      "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
                      "w:tblCaption", "w:tblDescription", "w:tblPrChange")
_AFTER_SECTION_BIDI = ("w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")


def right_to_left(value: str) -> bool:
    """Is the first letter with a strong direction a right-to-left one (Arabic, Hebrew...)?"""
    for char in value:
        direction = unicodedata.bidirectional(char)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False


def _reads_right_to_left(value: str, document_rtl: bool) -> bool:
    """In a right-to-left document, text with any right-to-left letter (the app's own words, or a
    sentence it built around a name); elsewhere, text whose first strong letter is right to left."""
    if document_rtl:
        return any(unicodedata.bidirectional(char) in ("R", "AL") for char in value)
    return right_to_left(value)


def _text(paragraph, value, bold=False, whole=True, document_rtl=False):
    """Add a run of (cleaned) text. Plain text goes straight in as a w:r of its own (python-docx's add_run
    walks text a character at a time, and its properties search the run's children, each time); tabs and
    breaks go through add_run, which turns them into Word's own.

    Right-to-left text gets a right-to-left run, and (when it is the `whole` paragraph)
    a right-to-left paragraph, so Word lays Arabic out as it is read.
    """
    value = _clean(value)
    rtl = _reads_right_to_left(value, document_rtl)
    if _BREAKS.search(value):
        run = paragraph.add_run(value)
        if bold:
            run.bold = True
        if rtl:
            run._r.get_or_add_rPr().insert_element_before(OxmlElement("w:rtl"), *_AFTER_RTL)
    else:
        r = OxmlElement("w:r")
        if bold or rtl:   # w:b comes before w:rtl in w:rPr
            properties = SubElement(r, _RPR)
            if bold:
                SubElement(properties, _BOLD)
            if rtl:
                SubElement(properties, _RTL)
        t = SubElement(r, _T)
        t.text = value
        if value != value.strip():
            t.set(_XML_SPACE, "preserve")
        paragraph._p.append(r)
        run = Run(r, paragraph)
    if rtl and whole:
        _right_to_left_paragraph(paragraph)
    return run


def _right_to_left_paragraph(paragraph) -> None:
    pPr = paragraph._p.get_or_add_pPr()
    if pPr.find(qn("w:bidi")) is None:
        pPr.insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)


def _marked(paragraph, pieces, lead=None, document_rtl=False) -> None:
    """`lead` in bold, then compared text (compare.Piece): deleted words struck through, inserted ones underlined."""
    if lead:
        _text(paragraph, lead, bold=True, whole=False, document_rtl=document_rtl)
    for piece in pieces:
        run = _text(paragraph, piece.text, whole=False, document_rtl=document_rtl)
        if piece.op in ("del", "ins"):
            run.font.strike, run.underline = piece.op == "del", piece.op == "ins"
            run.font.color.rgb = DELETED if piece.op == "del" else INSERTED
    if _reads_right_to_left((lead or "") + "".join(piece.text for piece in pieces), document_rtl):
        _right_to_left_paragraph(paragraph)


def _shade(cell, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _field(paragraph, instruction: str, placeholder: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in; never built from user text."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = placeholder
    run.append(t)
    field.append(run)
    paragraph._p.append(field)


@functools.cache
def _blank():
    """python-docx's default document made A4, with our margins and body text, and without the library's own
    app properties, thumbnail and stylesWithEffects part (an older copy of the styles that disagrees with
    styles.xml, so Word offers to repair the file): opened once per process, and copied for each document (a
    copy of the parsed parts costs about half of opening and parsing them again). Never changed once made."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = A4
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    package = doc.part.package
    for part in package.parts:
        if part.partname == "/docProps/app.xml":
            part._blob = APP_PROPERTIES
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package.rels.pop(rel_id)
    for rel_id, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.rels.pop(rel_id)
    for style_id, name, kind in (("CommentReference", "annotation reference", WD_STYLE_TYPE.CHARACTER),
                                 ("CommentText", "annotation text", WD_STYLE_TYPE.PARAGRAPH)):
        style = doc.styles.add_style(name, kind)   # the styles python-docx's comments refer to
        style.element.styleId = style_id
    return doc


class Writer:
    def __init__(self, language: str):
        self.doc = deepcopy(_blank())
        self.language = language
        self.rtl = i18n.direction(language) == "rtl"
        section = self.doc.sections[0]
        lang = self.doc.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
        lang.set(qn("w:val"), language)
        if self.rtl:
            lang.set(qn("w:bidi"), language)
            section._sectPr.insert_element_before(OxmlElement("w:bidi"), *_AFTER_SECTION_BIDI)

    def _text(self, paragraph, value, bold=False, whole=True):
        return _text(paragraph, value, bold, whole, self.rtl)

    # --- page furniture -----------------------------------------------------------
    def header(self, marking: str) -> None:
        paragraph = self.doc.sections[0].header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._text(paragraph, marking, bold=True)

    def footer(self, words: str) -> None:
        """`words` holds {page} and {pages} where Word's page fields go ("Page {page} of {pages}")."""
        paragraph = self.doc.sections[0].footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for i, part in enumerate(_FIELD.split(words)):
            if i % 2:
                _field(paragraph, "PAGE" if part == "page" else "NUMPAGES", "1")
            elif part:
                self._text(paragraph, part)

    def properties(self, title: str, subject: str, identifier: str, status: str, version: str) -> None:
        """Core properties with nothing left from the library and no person's name."""
        now = datetime.now(timezone.utc).replace(microsecond=0)
        props = self.doc.core_properties
        props.author = props.last_modified_by = "school-plans"
        props.title, props.subject, props.identifier = _clean(title), _clean(subject), identifier
        props.content_status, props.version = _clean(status), version
        props.comments, props.keywords, props.category = "", "OFFICIAL-SENSITIVE", _clean(subject)
        props.language = self.language
        props.created = props.modified = now
        props.revision = 1

    # --- content ------------------------------------------------------------------
    # Style ids are set directly: looking a style up by name scans every style, every time.
    def _styled(self, value: str, style_id: str):
        paragraph = self.doc.add_paragraph()
        paragraph._p.style = style_id
        self._text(paragraph, value)
        return paragraph

    def title(self, value: str) -> None:
        self._styled(value, "Title")

    def heading(self, value: str, level: int = 1):
        """A real Word heading (Heading 1...), so Word's navigation pane lists it; returns its paragraph."""
        return self._styled(value, f"Heading{level}")

    def comment(self, paragraph, text: str, author: str, initials: str, more=(), when=None) -> None:
        """A native Word comment on the whole of `paragraph`: `text`, then each of `more` as a paragraph."""
        # Word shows the author apart from any text, where nothing can isolate it: no bidi controls there.
        author, initials = (_clean(without_bidi_controls(value)) for value in (author, initials))
        note = self.doc.add_comment(paragraph.runs, author=author, initials=initials)
        if when is not None:
            note._comment_elm.date = when
        self._text(note.paragraphs[0], text)
        for value in more:
            self._text(note.add_paragraph(), value)

    def paragraph(self, value: str, bold: bool = False, italic: bool = False) -> None:
        run = self._text(self.doc.add_paragraph(), value, bold)
        if italic:
            run.italic = True

    def _grid(self, rows: int, cols: int, weights=None):
        table = self.doc.add_table(rows=rows, cols=cols)
        table._tbl.tblStyle_val = "TableGrid"
        if self.rtl:  # the first column on the right
            table._tbl.tblPr.insert_element_before(OxmlElement("w:bidiVisual"), *_AFTER_BIDI_VISUAL)
        return table, self._widths(table, weights)

    def _widths(self, table, weights) -> list:
        weights = weights or [1] * len(table.columns)
        total = sum(weights)
        widths = [int(TEXT_WIDTH * w / total) for w in weights]
        for column, width in zip(table.columns, widths):
            column.width = width
        return widths

    def _headed(self, headers: list[str], weights):
        """A table whose header row repeats on every page it runs onto, and an empty data row that already
        carries the column widths (each data row is a copy of it)."""
        table, widths = self._grid(1, len(headers), weights)
        header = table.rows[0]
        header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for cell, value, width in zip(header.cells, headers, widths):
            cell.width = width
            _shade(cell, HEADER_FILL)
            self._text(cell.paragraphs[0], value, bold=True)
        prototype = table.add_row()._tr
        table._tbl.remove(prototype)
        return table, prototype

    def _row(self, table, prototype) -> list[_Cell]:
        tr = deepcopy(prototype)
        table._tbl.append(tr)
        return [_Cell(tc, table) for tc in tr.tc_lst]

    def table(self, headers: list[str], rows: list[list[str]], weights=None, row_shading=None) -> None:
        """A table with a header row; `row_shading` colours each row's first cell (a stage's colour)."""
        table, prototype = self._headed(headers, weights)
        for n, values in enumerate(rows):
            for i, (cell, value) in enumerate(zip(self._row(table, prototype), values)):
                keyed = bool(row_shading) and i == 0  # the stage's colour and name
                if keyed:
                    _shade(cell, row_shading[n])
                self._text(cell.paragraphs[0], value, bold=keyed)
        self.doc.add_paragraph()

    def marked(self, pieces, lead: str | None = None) -> None:
        """A paragraph of compared text: deleted words struck through, inserted words underlined."""
        _marked(self.doc.add_paragraph(), pieces, lead, self.rtl)

    def marked_table(self, headers: list[str], rows: list, weights=None, empty: str = "") -> None:
        """Rows of a comparison: each row's first cell is a word (its status), each other cell a list of
        (label, pieces) lines with marks; a cell with no lines says `empty`."""
        table, prototype = self._headed(headers, weights)
        for status, *values in rows:
            first, *cells = self._row(table, prototype)
            self._text(first.paragraphs[0], status, bold=True)
            for cell, lines in zip(cells, values):
                for n, (label, pieces) in enumerate(lines):
                    _marked(cell.paragraphs[0] if n == 0 else cell.add_paragraph(), pieces, f"{label}: ", self.rtl)
                if not lines and empty:
                    self._text(cell.paragraphs[0], empty).italic = True
        self.doc.add_paragraph()

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def label_table(self, pairs: list[tuple[str, str]]) -> None:
        """Label/value pairs as a two-column table (the title block)."""
        table, _widths = self._grid(0, 2, [1, 2])
        for label, value in pairs:
            cells = table.add_row().cells
            _shade(cells[0], HEADER_FILL)
            self._text(cells[0].paragraphs[0], label, bold=True)
            self._text(cells[1].paragraphs[0], value)
        self.doc.add_paragraph()

    def box(self, title: str, items: list[tuple[str, list[str]]], empty: str) -> None:
        """A shaded, bordered box (one cell) of labelled points: the "at a glance" card. A point with several
        values lists each on its own line, so sentences never run together."""
        table, _widths = self._grid(1, 1)
        cell = table.rows[0].cells[0]
        cell.width = TEXT_WIDTH
        _shade(cell, BOX_FILL)
        head = self._text(cell.paragraphs[0], title, bold=True)
        head.font.size, head.font.color.rgb = Pt(14), RGBColor(0x0B, 0x0C, 0x0C)
        for label, values in items:
            paragraph = cell.add_paragraph()
            self._text(paragraph, f"{label}: ", bold=True, whole=False)
            if len(values) == 1 or not values:
                self._text(paragraph, text.isolate(values[0]) if values else empty, whole=False)
            if self.rtl:   # its label is in the document's language
                _right_to_left_paragraph(paragraph)
            for value in values if len(values) > 1 else ():
                line = cell.add_paragraph()
                self._text(line, "• ", whole=False)
                self._text(line, text.isolate(value), whole=False)
                if self.rtl:
                    _right_to_left_paragraph(line)
        self.doc.add_paragraph()

    # --- a one-page card ------------------------------------------------------------
    def compact(self, margin, font_size) -> None:
        """Narrow margins and small type, with little space between paragraphs (the one-page card)."""
        section = self.doc.sections[0]
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, margin)
        section.header_distance = section.footer_distance = Mm(6)
        normal = self.doc.styles["Normal"]
        normal.font.size = font_size
        normal.paragraph_format.space_after = Pt(1)
        normal.paragraph_format.line_spacing = 1.0

    def cells(self, weights, fills=None) -> list[_Cell]:
        """One row of cells across the page (in `weights`), each shaded with its `fills` colour if given."""
        table, widths = self._grid(1, len(weights), weights)
        cells = table.rows[0].cells
        for n, (cell, width) in enumerate(zip(cells, widths)):
            cell.width = width
            if fills and fills[n]:
                _shade(cell, fills[n])
        return cells

    def in_cell(self, cell, value: str, bold: bool = False, label: str | None = None, size=None, first=False):
        """A paragraph in `cell` (its first, empty one if `first`): `label` in bold, then `value`."""
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        if label:
            self._text(paragraph, f"{label}: ", bold=True, whole=False)
        run = self._text(paragraph, value, bold=bold, whole=not label)
        if size:
            run.font.size = size
        if label and self.rtl:
            _right_to_left_paragraph(paragraph)
        return paragraph

    def picture(self, cell, image: bytes, height, description: str) -> None:
        """A picture in `cell`, `height` high, with `description` as its alternative text."""
        run = cell.paragraphs[0].add_run()
        shape = run.add_picture(BytesIO(image), height=height)
        shape._inline.docPr.set("descr", text.clean(description))

    def to_bytes(self) -> bytes:
        out = BytesIO()
        self.doc.save(out)
        return out.getvalue()


