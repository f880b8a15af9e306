"""The suite really runs twice: each backend variant talks to its own database server."""

from __future__ import annotations

from sqlalchemy import text


def test_each_variant_uses_its_database(app, request):
    backend = request.node.callspec.params["database_url"]
    engine = app.extensions["survey_db"].engine
    assert engine.dialect.name == backend
    with engine.connect() as conn:
        if backend == "postgresql":
            assert conn.execute(text("SHOW server_encoding")).scalar() == "UTF8"
            assert (
                conn.execute(text("SELECT current_database()")).scalar().startswith("retour_test_")
            )
        tables = {"responses", "answers", "trainings", "alembic_version"}
        found = set(app.extensions["survey_db"].engine.dialect.get_table_names(conn))
        assert tables <= found


def test_timestamps_come_back_in_utc(app, db, make_training):
    from survey.models.base import as_utc

    training = make_training()
    db.expire_all()
    created = as_utc(db.get(type(training), training.id).created_at)
    assert created.utcoffset().total_seconds() == 0
