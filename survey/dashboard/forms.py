from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from ..i18n import LANGUAGE_NAMES

NEW_PROJECT = "new"
LANGUAGE_CHOICES = [SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()]


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class TrainingForm(FlaskForm):
    project = SelectField(_l("Project"), validators=[InputRequired()])
    # No Optional() here: it would stop the chain before validate_new_project runs.
    new_project = StringField(_l("New project name"), validators=[Length(max=300)])
    new_donor = StringField(_l("Donor"), validators=[Optional(), Length(max=300)])
    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=300)])
    theme = StringField(_l("Theme"), validators=[Optional(), Length(max=300)])
    location = StringField(_l("Place"), validators=[Optional(), Length(max=200)])
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
    default_language = SelectField(
        _l("Default language"), choices=LANGUAGE_CHOICES, default="fr"
    )
    description = TextAreaField(_l("Project description"), validators=[Optional()])

    def validate_new_project(self, field) -> None:
        if self.project.data == NEW_PROJECT and not (field.data or "").strip():
            raise ValidationError(_l("Give the new project a name."))

    def validate_end_date(self, field) -> None:
        if field.data and self.start_date.data and field.data < self.start_date.data:
            raise ValidationError(_l("The last day cannot be before the first day."))

    def validate_default_language(self, field) -> None:
        if self.languages.data and field.data not in self.languages.data:
            raise ValidationError(_l("The default language must be one of the form languages."))
