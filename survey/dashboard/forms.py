from __future__ import annotations

import functools
import io
import re
import unicodedata
from datetime import UTC, date, datetime, time

# Only ever parses an SVG after its DTD and entities have been refused (see _safe_svg).
from xml.etree import ElementTree  # nosec B405

from babel import Locale
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from PIL import Image, ImageOps
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    DecimalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from ..cleanform import CleanForm
from ..i18n import LANGUAGE_NAMES
from ..models.base import time_zone_names, zone_named
from ..standard import country_codes

NEW_PROJECT = "new"
LANGUAGE_CHOICES = [SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()]


@functools.lru_cache(maxsize=2)
def zone_choices(day: date) -> list[SelectChoice]:
    """Every zone as "Africa/Casablanca (UTC+01:00)", with its offset on ``day``."""
    noon = datetime.combine(day, time(12), tzinfo=UTC)
    choices = []
    for name in time_zone_names():
        offset = noon.astimezone(zone_named(name)).strftime("%z")
        label = f"{name.replace('_', ' ')} (UTC{offset[:3]}:{offset[3:]})"
        choices.append(SelectChoice(name, label))
    return choices


@functools.lru_cache(maxsize=8)
def country_choices(lang: str) -> list[SelectChoice]:
    """Every country, by its name in ``lang``, in that language's alphabetical order."""
    names = Locale.parse(lang).territories
    codes = sorted(country_codes(), key=lambda code: strxfrm_key(names.get(code, code)))
    return [SelectChoice(code, names.get(code, code)) for code in codes]


def strxfrm_key(name: str) -> str:
    # Accents aside ("Égypte" among the E), without depending on the system's locales.
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower() or name


class TargetField(DecimalField):
    """A target with decimals, typed with a comma or a point ("72,5", "72.5", "٧٢٫٥")."""

    def __init__(self, label=None, validators=None, **kwargs) -> None:
        super().__init__(label, validators, places=None, **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        if valuelist:
            typed = "".join(
                str(unicodedata.decimal(c)) if c.isdecimal() else c for c in valuelist[0]
            )
            typed = typed.strip().replace("\u066b", ".").replace(",", ".").replace("\u2212", "-")
            try:
                super().process_formdata([typed])
            except ValueError:
                # Shown beside the field, with what was typed kept in it.
                self.raw_data = valuelist
                raise ValueError(_l("Type a number, such as 72.5.")) from None
            # NaN and infinity parse as decimals; no target is either.
            if self.data is not None and not self.data.is_finite():
                self.data = None
                raise ValueError(_l("Type a number, such as 72.5."))

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        # 72.5, not 72.50000: at most two decimals, trailing zeros dropped.
        return f"{float(self.data):.2f}".rstrip("0").rstrip(".")


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class TrainingDetailsForm(CleanForm):
    """What a trainer sets about a training, and may change later."""

    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=300)])
    # The title as participants read it in each form language (optional).
    title_fr = StringField(_l("Title in French"), validators=[Optional(), Length(max=300)])
    title_en = StringField(_l("Title in English"), validators=[Optional(), Length(max=300)])
    title_ar = StringField(_l("Title in Arabic"), validators=[Optional(), Length(max=300)])
    theme = StringField(_l("Theme"), validators=[Optional(), Length(max=300)])
    location = StringField(_l("Place"), validators=[Optional(), Length(max=200)])
    # The place as read in each form language ("Rabat, Morocco"), optional.
    place_fr = StringField(_l("Place in French"), validators=[Optional(), Length(max=300)])
    place_en = StringField(_l("Place in English"), validators=[Optional(), Length(max=300)])
    place_ar = StringField(_l("Place in Arabic"), validators=[Optional(), Length(max=300)])
    country = StringField(_l("Country"), validators=[Optional(), Length(max=100)])
    start_date = DateField(_l("First day"), validators=[Optional()])
    end_date = DateField(_l("Last day"), validators=[Optional()])
    expected_participants = IntegerField(
        _l("Expected participants"), validators=[Optional(), NumberRange(min=0, max=100_000)]
    )
    languages = MultiCheckboxField(
        _l("Form languages"),
        choices=LANGUAGE_CHOICES,
        default=["fr", "en", "ar"],
        validators=[InputRequired(message=_l("Choose at least one language."))],
    )
    default_language = SelectField(_l("Default language"), choices=LANGUAGE_CHOICES, default="fr")
    timezone = SelectField(_l("Time zone of the training"), default="UTC")
    # Typed in the training's time zone, stored in UTC (views.py converts).
    opens_at = DateTimeLocalField(
        _l("Form opens at"), format="%Y-%m-%dT%H:%M", validators=[Optional()]
    )
    closes_at = DateTimeLocalField(
        _l("Form closes at"), format="%Y-%m-%dT%H:%M", validators=[Optional()]
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.timezone.choices = zone_choices(date.today())

    def title_translations(self) -> dict[str, str]:
        """The titles typed for each language, blank ones left out."""
        typed = {code: getattr(self, f"title_{code}").data for code in ("fr", "en", "ar")}
        return {code: text.strip() for code, text in typed.items() if text and text.strip()}

    def show_title_translations(self, titles: dict[str, str]) -> None:
        for code in ("fr", "en", "ar"):
            getattr(self, f"title_{code}").data = titles.get(code, "")

    def place_translations(self) -> dict[str, str]:
        """The places typed for each language, blank ones left out."""
        typed = {code: getattr(self, f"place_{code}").data for code in ("fr", "en", "ar")}
        return {code: text.strip() for code, text in typed.items() if text and text.strip()}

    def show_place_translations(self, places: dict[str, str]) -> None:
        for code in ("fr", "en", "ar"):
            getattr(self, f"place_{code}").data = places.get(code, "")

    def validate_end_date(self, field) -> None:
        if field.data and self.start_date.data and field.data < self.start_date.data:
            raise ValidationError(_l("The last day cannot be before the first day."))

    def validate_opens_at(self, field) -> None:
        _within_years(field)

    def validate_closes_at(self, field) -> None:
        _within_years(field)
        if field.data and self.opens_at.data and field.data <= self.opens_at.data:
            raise ValidationError(_l("The form must close after it opens."))

    def validate_default_language(self, field) -> None:
        if self.languages.data and field.data not in self.languages.data:
            raise ValidationError(_l("The default language must be one of the form languages."))


FIRST_YEAR, LAST_YEAR = 2000, 2100


def _within_years(field) -> None:
    # Near year 1 or 9999 a wall-clock time has no UTC equivalent in some time zones.
    if field.data and not FIRST_YEAR <= field.data.year <= LAST_YEAR:
        raise ValidationError(
            _l("Choose a date between %(first)d and %(last)d.", first=FIRST_YEAR, last=LAST_YEAR)
        )


class TrainingForm(TrainingDetailsForm):
    """A new training: its details, and its project (an existing one or a new one)."""

    project = SelectField(_l("Project"), validators=[InputRequired()])
    # No Optional() here: it would stop the chain before validate_new_project runs.
    new_project = StringField(_l("New project name"), validators=[Length(max=300)])
    new_donor = StringField(_l("Donor"), validators=[Optional(), Length(max=300)])
    description = TextAreaField(_l("Project description"), validators=[Optional()])

    def validate_new_project(self, field) -> None:
        if self.project.data == NEW_PROJECT and not (field.data or "").strip():
            raise ValidationError(_l("Give the new project a name."))


MAX_LOGO_BYTES = 1024 * 1024
# A few compressed bytes can hold a huge image: a 315 KB PNG of 9000 x 9000 pixels made
# every report take 11 s and 600 MB. Larger sides are refused before decoding; what is
# kept is decoded and saved again at most LOGO_KEPT_SIDE wide or high (a cover logo is a
# few centimetres), which also drops whatever else the file carried.
MAX_LOGO_SIDE = 4000
LOGO_KEPT_SIDE = 1000
LOGO_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "svg": "image/svg+xml"}
METRIC_LABELS = {
    "satisfied": _l("Satisfied (share of respondents)"),
    "ready_to_adopt": _l("Ready to adopt new approaches (share of respondents)"),
    "response_rate": _l("Response rate (share of expected participants)"),
    "recommend": _l("Net Promoter Score (-100 to 100)"),
    "knowledge_gain": _l("Rated their knowledge higher after (share of respondents)"),
}


def logo_type(data: bytes) -> str | None:
    """Return the MIME type of a PNG, JPEG or safe SVG logo, or None if it is none of them.

    Checked on the bytes, not on the file name. An SVG must be plain XML with an <svg> root
    and nothing active: no DOCTYPE or entities (entity expansion), no script, no event
    handler attributes, no foreignObject, no link outside the file.
    """
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return LOGO_TYPES["png"]
    if data.startswith(b"\xff\xd8\xff"):
        return LOGO_TYPES["jpeg"]
    head = data[:4096].lstrip().lower()
    if head.startswith(b"<?xml") or head.startswith(b"<svg"):
        return LOGO_TYPES["svg"] if _safe_svg(data) else None
    return None


def _safe_svg(data: bytes) -> bool:
    try:
        # UTF-8 only: in another encoding the DOCTYPE check below could be dodged.
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    lowered = text.lower()
    if (
        "<!doctype" in lowered
        or "<!entity" in lowered
        or "encoding=" in lowered.split("?>")[0]
        and "utf-8" not in lowered.split("?>")[0]
    ):
        return False
    try:
        # No DTD left to expand entities from, so expat parses it safely.
        root = ElementTree.fromstring(text)  # noqa: S314  # nosec B314
    except ElementTree.ParseError:
        return False
    if not root.tag.endswith("svg"):
        return False
    # Styles may load other files (@import, url(...)); only a url(#id) inside it is kept.
    if "@import" in lowered or _OUTSIDE_URL.search(lowered):
        return False
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1].lower()
        if tag in ("script", "foreignobject", "iframe", "embed", "object"):
            return False
        # An animation may swap a link for an outside one once the file is shown.
        if tag in _SVG_ANIMATIONS and element.get("attributeName", "").lower().endswith("href"):
            return False
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                return False
            if local == "href" and not value.strip().startswith("#"):
                return False
    return True


_SVG_ANIMATIONS = frozenset({"animate", "set", "animatemotion", "animatetransform"})
_OUTSIDE_URL = re.compile(r"url\(\s*(?:['\"]\s*)?(?!#)")


def _email_list(text: str) -> list[str]:
    return [e for e in (part.strip() for part in re.split(r"[\s,;]+", text or "")) if e]


class ProjectSettingsForm(CleanForm):
    name = StringField(_l("Project name"), validators=[InputRequired(), Length(max=300)])
    donor = StringField(_l("Donor"), validators=[Optional(), Length(max=300)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    organisation = StringField(
        _l("Organisation collecting the answers"), validators=[Optional(), Length(max=300)]
    )
    contact_email = StringField(
        _l("Contact e-mail for participants"), validators=[Optional(), Length(max=254)]
    )
    # The name, donor and organisation as read in each language (optional).
    name_fr = StringField(_l("Project name in French"), validators=[Optional(), Length(max=300)])
    name_en = StringField(_l("Project name in English"), validators=[Optional(), Length(max=300)])
    name_ar = StringField(_l("Project name in Arabic"), validators=[Optional(), Length(max=300)])
    donor_fr = StringField(_l("Donor in French"), validators=[Optional(), Length(max=300)])
    donor_en = StringField(_l("Donor in English"), validators=[Optional(), Length(max=300)])
    donor_ar = StringField(_l("Donor in Arabic"), validators=[Optional(), Length(max=300)])
    organisation_fr = StringField(
        _l("Organisation in French"), validators=[Optional(), Length(max=300)]
    )
    organisation_en = StringField(
        _l("Organisation in English"), validators=[Optional(), Length(max=300)]
    )
    organisation_ar = StringField(
        _l("Organisation in Arabic"), validators=[Optional(), Length(max=300)]
    )
    privacy_fr = TextAreaField(_l("Privacy notice (French)"), validators=[Length(max=3000)])
    privacy_en = TextAreaField(_l("Privacy notice (English)"), validators=[Length(max=3000)])
    privacy_ar = TextAreaField(_l("Privacy notice (Arabic)"), validators=[Length(max=3000)])
    donor_emails = TextAreaField(
        _l("Donor e-mail addresses (one per line)"), validators=[Length(max=3000)]
    )
    countries = MultiCheckboxField(
        _l("Countries offered in the form"),
        validators=[InputRequired(message=_l("Choose at least one country."))],
    )
    retention_days = IntegerField(
        _l("Keep responses for (days)"), validators=[Optional(), NumberRange(min=1, max=3650)]
    )
    target_satisfied = TargetField(
        METRIC_LABELS["satisfied"], validators=[Optional(), NumberRange(min=0, max=100)]
    )
    target_ready_to_adopt = TargetField(
        METRIC_LABELS["ready_to_adopt"], validators=[Optional(), NumberRange(min=0, max=100)]
    )
    target_response_rate = TargetField(
        METRIC_LABELS["response_rate"], validators=[Optional(), NumberRange(min=0, max=100)]
    )
    target_recommend = TargetField(
        METRIC_LABELS["recommend"], validators=[Optional(), NumberRange(min=-100, max=100)]
    )
    target_knowledge_gain = TargetField(
        METRIC_LABELS["knowledge_gain"], validators=[Optional(), NumberRange(min=0, max=100)]
    )
    org_logo = FileField(_l("Organisation logo (PNG, JPEG or SVG, at most 1 MB)"))
    remove_org_logo = BooleanField(_l("Remove the organisation logo"))
    donor_logo = FileField(_l("Donor logo (PNG, JPEG or SVG, at most 1 MB)"))
    remove_donor_logo = BooleanField(_l("Remove the donor logo"))

    def __init__(self, *args, lang: str = "en", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.countries.choices = country_choices(lang)

    def translations(self, name: str) -> dict[str, str]:
        """The wordings of ``name`` (name, donor, organisation) typed per language."""
        typed = {code: getattr(self, f"{name}_{code}").data for code in ("fr", "en", "ar")}
        return {code: text.strip() for code, text in typed.items() if text and text.strip()}

    def show_translations(self, name: str, wordings: dict[str, str]) -> None:
        for code in ("fr", "en", "ar"):
            getattr(self, f"{name}_{code}").data = wordings.get(code, "")

    def validate_contact_email(self, field) -> None:
        if field.data and not EMAIL.fullmatch(field.data.strip()):
            raise ValidationError(_l("This is not an e-mail address."))

    def validate_donor_emails(self, field) -> None:
        bad = [e for e in _email_list(field.data) if not EMAIL.fullmatch(e)]
        if bad:
            raise ValidationError(_l("Not e-mail addresses: %(list)s", list=", ".join(bad[:5])))

    def donor_email_list(self) -> list[str]:
        return _email_list(self.donor_emails.data)

    def validate_org_logo(self, field) -> None:
        field.logo = _read_logo(field)

    def validate_donor_logo(self, field) -> None:
        field.logo = _read_logo(field)


EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def _read_logo(field) -> tuple[bytes, str] | None:
    """Return (bytes, MIME type) of an uploaded logo, None if none was sent; raise if bad."""
    upload = field.data
    if upload is None or not getattr(upload, "filename", ""):
        return None
    data = upload.read(MAX_LOGO_BYTES + 1)
    if len(data) > MAX_LOGO_BYTES:
        raise ValidationError(_l("The logo is larger than 1 MB."))
    if not data:
        raise ValidationError(_l("The file is empty."))
    kind = logo_type(data)
    if kind is None:
        raise ValidationError(
            _l("The logo must be a PNG, JPEG or SVG image (SVG without scripts).")
        )
    if kind != LOGO_TYPES["svg"]:
        data = _reencoded(data, kind)
    return data, kind


def _reencoded(data: bytes, kind: str) -> bytes:
    """The raster logo decoded, at most LOGO_KEPT_SIDE pixels a side, and saved again."""
    unreadable = _l("The logo must be a PNG, JPEG or SVG image (SVG without scripts).")
    try:
        image = Image.open(io.BytesIO(data))  # reads the header only
    except (OSError, SyntaxError, ValueError):
        raise ValidationError(unreadable) from None
    width, height = image.size
    if max(width, height) > MAX_LOGO_SIDE:
        raise ValidationError(
            _l(
                "The logo is %(width)d × %(height)d pixels: at most %(max)d pixels wide "
                "and high, please.",
                width=width,
                height=height,
                max=MAX_LOGO_SIDE,
            )
        )
    try:
        kept = ImageOps.exif_transpose(image)
        kept.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(unreadable) from None
    if kept.mode not in ("L", "LA", "RGB", "RGBA"):
        kept = kept.convert("RGBA")  # palettes and CMYK: scaled smoothly, then saved
    kept.thumbnail((LOGO_KEPT_SIDE, LOGO_KEPT_SIDE))
    out = io.BytesIO()
    if kind == LOGO_TYPES["jpeg"]:
        kept.convert("RGB").save(out, format="JPEG", quality=90)
    else:
        kept.save(out, format="PNG", optimize=True)
    return out.getvalue()
