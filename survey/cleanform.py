"""The base of the trainers' forms: typed text is kept without NUL characters.

PostgreSQL refuses NUL (U+0000) in text, so a title or a name carrying one was a server
error there (SQLite stored it). Every text field of these forms drops them as it reads
the input; the participant form does the same in its own code (survey/questions).
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField


def without_nul(value):
    return value.replace("\x00", "") if isinstance(value, str) else value


class CleanForm(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            if issubclass(unbound_field.field_class, StringField):  # text areas too
                filters = [*unbound_field.kwargs.get("filters", ()), without_nul]
                return unbound_field.bind(form=form, filters=filters, **options)
            return unbound_field.bind(form=form, **options)
