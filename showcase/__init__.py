"""Showcase: the online catalog of Korea's government-designated innovative products."""

from pathlib import Path

from flask import Flask

from showcase.config import load_config
from showcase.extensions import babel, csrf, db, migrate

MIGRATIONS_DIR = str(Path(__file__).parent / "migrations")


def create_app(config: dict | None = None) -> Flask:
    """Create the application; ``config`` overrides settings read from the environment."""
    app = Flask(__name__)
    app.config.from_mapping(load_config(app.instance_path, config))

    from showcase import i18n

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale, **i18n.babel_settings())

    from showcase import (
        account,
        api,
        assets,
        auth,
        catalog,
        cli,
        compression,
        errors,
        guide,
        media,
        offline,
        opendata,
        portal,
        search,
        security,
        staff,
        templating,
        unit_of_work,
    )

    # Before the first route exists: rules keep the converters they were built with.
    security.bound_route_values(app)
    # First of the after-request handlers, so it runs last and compresses the final body.
    compression.init_app(app)
    assets.init_app(app)
    i18n.init_app(app)
    media.init_app(app)
    templating.init_app(app)
    offline.init_app(app)
    app.register_blueprint(catalog.bp)
    app.register_blueprint(catalog.codes)
    app.register_blueprint(api.bp)
    app.register_blueprint(account.bp)
    app.register_blueprint(portal.bp)
    app.register_blueprint(staff.bp)
    app.register_blueprint(guide.bp)
    opendata.init_app(app)
    auth.init_app(app)
    search.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    unit_of_work.init_app(app)
    cli.init_app(app)
    if app.config["SEARCH_WARM_UP"]:
        search.warm_up(app)
    return app
