"""`showcase demo` on a fresh data directory also makes demo sign-ins for the whole flow."""

import re
from pathlib import Path

from sqlalchemy import func, select

from showcase.extensions import db
from showcase.models import (
    Company,
    CompanyState,
    Inquiry,
    Product,
    ProductRevision,
    ProductStatus,
    RevisionState,
    Role,
    User,
)
from showcase.services.demo_accounts import SIGN_INS_FILE
from tests.conftest import sign_in

SIGN_IN_LINE = re.compile(r"^(\w+)\s+(\S+@\S+)\s+(\S+)\s+\(", re.MULTILINE)


def test_demo_on_a_fresh_database_prints_sign_ins_that_work(app, client, tmp_path):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    printed = SIGN_IN_LINE.findall(result.output)
    roles = {role for role, _email, _password in printed}
    assert roles == {"admin", "staff", "company"}
    kept = Path(app.config["DATA_DIR"]) / SIGN_INS_FILE
    assert kept.exists() and oct(kept.stat().st_mode & 0o777) == "0o600"
    _role, staff_email, staff_password = next(p for p in printed if p[0] == "staff")
    assert sign_in(client, staff_email, staff_password).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count(Product.id)).where(
            Product.status == ProductStatus.SUBMITTED)) > 0
        pending = db.session.scalars(select(ProductRevision).where(
            ProductRevision.state == RevisionState.PENDING)).all()
        assert len(pending) == 1
        assert pending[0].payload["texts"]["en"]["summary"] != db.session.get(
            Product, pending[0].product_id).texts["en"].summary
        assert db.session.scalar(select(func.count(Company.id)).where(
            Company.state == CompanyState.PENDING)) >= 1
        assert db.session.scalar(select(func.count(Inquiry.id))) >= 2
        members = db.session.scalars(select(User).where(User.role == Role.COMPANY)).all()
        assert all(member.company is not None for member in members)


def test_demo_on_a_database_with_products_makes_no_accounts(app, tmp_path):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        users_before = db.session.scalar(select(func.count(User.id)))
    (Path(app.config["DATA_DIR"]) / SIGN_INS_FILE).unlink()
    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0, again.output
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == users_before
    assert not SIGN_IN_LINE.search(again.output)
