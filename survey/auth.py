"""Trainer login and logout with Flask-Login."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user, login_required, login_user, logout_user
from sqlalchemy import select
from wtforms import EmailField, PasswordField
from wtforms.validators import InputRequired, Length

from .cleanform import CleanForm
from .db import get_session
from .models import User
from .models.user import dummy_password_check
from .parsing import plain_int
from .ratelimit import throttle_login

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = _l("Please log in to see this page.")


class LoginForm(CleanForm):
    email = EmailField(_l("Email"), validators=[InputRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[InputRequired(), Length(max=1024)])


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    number = plain_int(user_id)
    return None if number is None else get_session().get(User, number)


def safe_next(target: str | None) -> str | None:
    """Return ``target`` when it is a path on this site, else None."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    # Browsers drop tabs and newlines from addresses ("/\t/evil.example" leads away), and
    # a header cannot hold CR or LF.
    if "\\" in target or any(ord(c) < 0x20 or ord(c) == 0x7F for c in target):
        return None
    return target


def login_account() -> str:
    """The account a login is for: the email as the login form reads it (from a form or a
    JSON body, without NUL characters), normalised as the lookup normalises it."""
    return User.normalise_email(LoginForm().email.data or "")[:254]


@bp.route("/login", methods=["GET", "POST"])
@throttle_login(login_account)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.trainings"))
    form = LoginForm()
    if form.validate_on_submit():
        email = User.normalise_email(form.email.data)
        session = get_session()
        user = session.scalar(select(User).where(User.email == email))
        if user is not None and user.check_password(form.password.data):
            if user.password_needs_upgrade:
                # Older scrypt hashes become Argon2id the first time the password is known.
                user.set_password(form.password.data)
                session.commit()
            login_user(user)
            return redirect(safe_next(request.args.get("next")) or url_for("dashboard.trainings"))
        if user is None:
            # A wrong email takes the same time and says the same as a wrong password.
            dummy_password_check(form.password.data)
        flash(_("Email or password is incorrect."), "error")
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.post("/language")
@login_required
def choose_language():
    """Remember the interface language the user picked, and show the page again in it."""
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        current_user.language = lang
        get_session().commit()
    back = safe_next(request.form.get("next")) or url_for("dashboard.trainings")
    # A ?lang= left in the address would outrank the choice just made on that page.
    parts = urlsplit(back)
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k != "lang"])
    return redirect(parts.path + (f"?{query}" if query else ""))


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    app.register_blueprint(bp)
