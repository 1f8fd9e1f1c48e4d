import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse

from core import audit
from core.models import AppendOnlyError, AuditEvent
from tests.factories import PASSWORD, UserFactory


def test_record_stores_who_what_which_and_why(campaign, lead):
    event = audit.record(
        action="export.contacts",
        actor=lead,
        campaign=campaign,
        objects=[campaign],
        reason="hearing",
    )
    event.refresh_from_db()
    assert event.actor == lead
    assert event.actor_label == "lead@example.org"
    assert event.objects_affected == [{"model": "coalition.campaign", "pk": str(campaign.pk)}]
    assert event.reason == "hearing"
    assert event.at is not None


def test_records_cannot_be_changed_or_deleted_through_the_orm(campaign, lead):
    event = audit.record(action="x.y", actor=lead, campaign=campaign)
    event.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="rewritten")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).reason == ""


@pytest.mark.django_db
def test_database_refuses_changes_on_postgresql(campaign, lead):
    if connection.vendor != "postgresql":
        pytest.skip("the database-level guard is a PostgreSQL trigger; SQLite relies on the ORM")
    event = audit.record(action="x.y", actor=lead, campaign=campaign)
    for sql in (
        "UPDATE core_auditevent SET reason = 'x' WHERE id = %s",
        "DELETE FROM core_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_admin_cannot_add_change_or_delete(campaign, lead, db):
    staff = UserFactory(is_staff=True, is_superuser=True)
    event = audit.record(action="x.y", actor=lead, campaign=campaign)
    client = Client()
    client.force_login(staff)
    assert client.get(reverse("admin:core_auditevent_changelist")).status_code == 200
    assert client.get(reverse("admin:core_auditevent_add")).status_code == 403
    delete_url = reverse("admin:core_auditevent_delete", args=[event.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    change_url = reverse("admin:core_auditevent_change", args=[event.pk])
    client.post(change_url, {"reason": "rewritten", "action": "z"})
    assert AuditEvent.objects.get(pk=event.pk).reason == ""


def test_sign_in_and_failed_sign_in_are_audited(db):
    user = UserFactory(email="someone@example.org")
    client = Client()
    url = reverse("account_login")
    client.post(url, {"login": "someone@example.org", "password": "wrong password"})
    failed = AuditEvent.objects.get(action="auth.login_failed")
    assert failed.ip_address == "127.0.0.1"
    assert "wrong" not in str(failed.details)
    response = client.post(url, {"login": "someone@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="auth.login", actor=user).count() == 1
