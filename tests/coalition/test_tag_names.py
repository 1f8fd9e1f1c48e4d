"""A tag typed again in other letters the database lowers alike (a Kelvin sign for a K) is the
same tag, not a second one the unique constraint refuses with a server error."""

from django.db import connection

from coalition.models import Tag
from coalition.services.allies import tag_for_name


def test_a_name_the_database_lowers_alike_finds_the_tag(campaign):
    first = tag_for_name(campaign=campaign, name="Kitchen table")
    kelvin = "\u212aitchen table"
    with connection.cursor() as cursor:
        cursor.execute("SELECT LOWER(%s) = LOWER(%s)", [kelvin, "Kitchen table"])
        alike = bool(cursor.fetchone()[0])
    again = tag_for_name(campaign=campaign, name=kelvin)  # no IntegrityError either way
    assert (again.pk == first.pk) is alike
    assert Tag.objects.filter(campaign=campaign).count() == (1 if alike else 2)
    assert tag_for_name(campaign=campaign, name="KITCHEN   table").pk == first.pk
