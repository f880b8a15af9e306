"""The base of the trainers' forms: typed text is kept without NUL characters.

PostgreSQL refuses NUL (U+0000) in text, so a title or a name carrying one was a server
error there (SQLite stored it). Every text field of these forms drops them as it reads
the input; the participant form does the same in its own code (survey/questions).
"""

from __future__ import annotations

from flask import request
from flask_wtf import FlaskForm
from werkzeug.datastructures import ImmutableMultiDict
from wtforms import StringField


def without_nul(value):
    return value.replace("\x00", "") if isinstance(value, str) else value


class TextOnlyBody:
    """Form meta: Flask-WTF's reading of the request, keeping only text from a JSON body.

    Flask-WTF reads a JSON body like a form and raises on one that is not an object of
    text fields (a list, a number, a field holding a number): that is a bad request, not
    a server error.
    """

    def wrap_formdata(self, form, formdata):
        try:
            data = super().wrap_formdata(form, formdata)
        except (TypeError, ValueError):
            return None
        if isinstance(data, ImmutableMultiDict) and request.is_json and not request.form:
            items = data.items(multi=True)
            data = ImmutableMultiDict([(k, v) for k, v in items if isinstance(v, str)])
        return data


class CleanForm(FlaskForm):
    class Meta(TextOnlyBody):
        def bind_field(self, form, unbound_field, options):
            if issubclass(unbound_field.field_class, StringField):  # text areas too
                filters = [*unbound_field.kwargs.get("filters", ()), without_nul]
                return unbound_field.bind(form=form, filters=filters, **options)
            return unbound_field.bind(form=form, **options)
