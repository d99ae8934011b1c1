"""Sign-ins for the demo site, so that the whole flow (a company submits, staff review) can be
tried at once after ``showcase demo``.

They are made only when ``showcase demo`` loads the catalog into a database that held no
products, which a production data directory never is: demo accounts with known passwords
never appear beside real data. Their passwords are random, written to
``<data>/demo-sign-ins.txt`` (readable by the owner only) and printed by ``showcase demo``.
"""

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from showcase.extensions import db
from showcase.models import (
    Company,
    CompanyState,
    Inquiry,
    InquiryKind,
    Product,
    ProductStatus,
    Role,
    User,
)
from showcase.models.base import utcnow
from showcase.services import accounts, listings

SIGN_INS_FILE = "demo-sign-ins.txt"
DEMO_DOMAIN = "demo.showcase.test"


@dataclass(frozen=True)
class DemoSignIn:
    """One demo account: who it is for and how to sign in."""

    role: str
    email: str
    password: str
    note: str


def sign_ins_file() -> Path:
    """The file that lists the demo sign-ins of this data directory."""
    return Path(current_app.config["DATA_DIR"]) / SIGN_INS_FILE


def create_demo_accounts() -> list[DemoSignIn]:
    """Staff, an administrator and members of three demo companies; a revision of a live
    listing waiting for review; a company sign-up waiting for approval; two inquiries. The
    demo catalog itself brings the submissions waiting for review."""
    made = [
        _account("admin", Role.ADMIN, None, "administrator: invites and deactivates staff"),
        _account("staff", Role.STAFF, None, "PPS staff: review queue, companies, imports"),
    ]
    submitting = _companies_with(ProductStatus.SUBMITTED, limit=2)
    for number, company in enumerate(submitting, start=1):
        made.append(_account(f"company{number}", Role.COMPANY, company,
                             f"member of {company.names.get('en')}: a listing under review"))
    live = next(product for product in _products(ProductStatus.PUBLISHED)
                if product.company not in submitting)
    made.append(_account("company3", Role.COMPANY, live.company,
                         f"member of {live.company.names.get('en')}: a revision under review"))
    _propose_revision(live, _user(made[-1].email))
    _add_inquiries(live)
    made.append(_pending_sign_up())
    _write(made)
    return made


def _account(name: str, role: Role, company: Company | None, note: str) -> DemoSignIn:
    email = f"{name}@{DEMO_DOMAIN}"
    password = secrets.token_urlsafe(12)
    user = accounts.create_user(email, role.value, password,
                                company.registration_number if company else None)
    user.name = f"Demo {name}"
    user.email_confirmed_at = utcnow()
    return DemoSignIn(role.value, email, password, note)


def _pending_sign_up() -> DemoSignIn:
    """A new company whose sign-up staff can approve or reject."""
    company = Company(registration_number="220-81-62517", state=CompanyState.PENDING,
                      names={"ko": "(주)새빛센서", "en": "Saebit Sensors Inc."})
    db.session.add(company)
    db.session.flush()
    return _account("newcompany", Role.COMPANY, company,
                    "member of a company whose sign-up waits for staff approval")


def _propose_revision(product: Product, author: User) -> None:
    payload = listings.editable_payload(product)
    english = payload["texts"].get("en")
    if english:
        english["summary"] = (english["summary"] + " Now with a two-year on-site warranty "
                              "for public buyers.")[:2000]
    listings.save(product, payload, product.edit_version, author)


def _add_inquiries(product: Product) -> None:
    db.session.add_all([
        Inquiry(product=product, name="Nilufar Karimova", email="n.karimova@example.uz",
                organisation="Ministry of Emergency Situations", country="UZ", locale="uz",
                kind=InquiryKind.MEETING, wants_interpreter=True,
                message="We would like to meet at your booth on the second day."),
        Inquiry(product=product, name="Somchai Wongsa", email="somchai@example.go.th",
                organisation="Department of Disaster Prevention", country="TH", locale="th",
                kind=InquiryKind.INFORMATION,
                message="Please send the price list and the warranty terms."),
    ])


def _products(status: ProductStatus) -> list[Product]:
    return list(db.session.scalars(
        select(Product).where(Product.status == status).order_by(Product.id)))


def _companies_with(status: ProductStatus, limit: int) -> list[Company]:
    companies = []
    for product in _products(status):
        if product.company not in companies:
            companies.append(product.company)
    return companies[:limit]


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def _write(sign_ins: list[DemoSignIn]) -> None:
    path = sign_ins_file()
    lines = [f"{s.role:8} {s.email:32} {s.password}   ({s.note})" for s in sign_ins]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.chmod(path, 0o600)
