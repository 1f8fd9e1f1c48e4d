from django.urls import path

from targets.views import analysis, imports, reference

app_name = "targets"

urlpatterns = [
    path("c/<slug:campaign_slug>/targets/", analysis.index, name="index"),
    path("reference/", reference.reference_home, name="reference_home"),
    path("reference/287g/", analysis.near_you, name="near_you"),
    path("reference/costs/", analysis.cost, name="cost"),
    path(
        "reference/jurisdictions/<int:jurisdiction_id>/custody/",
        analysis.custody,
        name="custody",
    ),
    path("reference/imports/", imports.import_list, name="import_list"),
    path("reference/imports/<int:import_id>/", imports.import_detail, name="import_detail"),
    path(
        "reference/imports/<int:import_id>/confirm/", imports.import_confirm, name="import_confirm"
    ),
    path(
        "reference/offices/<int:office_id>/powers/new/",
        reference.power_create,
        name="power_create",
    ),
    path("reference/powers/<int:power_id>/edit/", reference.power_edit, name="power_edit"),
    path("reference/powers/<int:power_id>/delete/", reference.power_delete, name="power_delete"),
    path(
        "reference/offices/<int:office_id>/custody/new/",
        reference.custody_step_create,
        name="custody_step_create",
    ),
    path(
        "reference/custody-steps/<int:step_id>/edit/",
        reference.custody_step_edit,
        name="custody_step_edit",
    ),
    path(
        "reference/custody-steps/<int:step_id>/delete/",
        reference.custody_step_delete,
        name="custody_step_delete",
    ),
]

_PLURALS = {
    "jurisdiction": "jurisdictions",
    "office": "offices",
    "official": "officials",
    "facility": "facilities",
    "arrangement": "arrangements",
    "policy": "policies",
}
for _kind in reference.KINDS:
    _views = reference.views_for(_kind)
    _base = f"reference/{_PLURALS[_kind.name]}/"
    _one = f"{_base}<int:{_kind.id_kwarg}>/"
    urlpatterns += [
        path(_base, _views["list"], name=f"{_kind.name}_list"),
        path(f"{_base}new/", _views["create"], name=f"{_kind.name}_create"),
        path(_one, _views["detail"], name=f"{_kind.name}_detail"),
        path(f"{_one}edit/", _views["edit"], name=f"{_kind.name}_edit"),
    ]
