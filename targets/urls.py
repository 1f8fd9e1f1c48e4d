from django.urls import path

from targets.views import analysis, imports, map_exports, power_map, reference, statements

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

# The campaign's power map (campaign data) and public statements (reference data).
MAP = "c/<slug:campaign_slug>/targets/map/"
urlpatterns += [
    path(MAP, power_map.power_map, name="power_map"),
    path(f"{MAP}add/", power_map.assessment_add, name="assessment_add"),
    path(f"{MAP}movement/", power_map.movement, name="movement"),
    path(f"{MAP}<int:pk>/", power_map.assessment_detail, name="assessment_detail"),
    path(f"{MAP}<int:pk>/edit/", power_map.assessment_edit, name="assessment_edit"),
    path(f"{MAP}<int:pk>/stance/", power_map.stance_change, name="stance_change"),
    path(f"{MAP}<int:pk>/remove/", power_map.assessment_remove, name="assessment_remove"),
    path(f"{MAP}relationships/new/", power_map.relationship_create, name="relationship_create"),
    path(
        f"{MAP}relationships/<int:pk>/edit/",
        power_map.relationship_edit,
        name="relationship_edit",
    ),
    path(
        f"{MAP}relationships/<int:pk>/delete/",
        power_map.relationship_delete,
        name="relationship_delete",
    ),
    path(f"{MAP}export/", map_exports.map_export, name="map_export"),
    path(
        f"{MAP}export/with-contacts/",
        map_exports.map_export_contacts,
        name="map_export_contacts",
    ),
    path(f"{MAP}export/<slug:fmt>/", map_exports.map_download, name="map_download"),
    path("reference/statements/", statements.statement_list, name="statement_list"),
    path("reference/statements/new/", statements.statement_create, name="statement_create"),
    path(
        "reference/statements/<int:statement_id>/",
        statements.statement_detail,
        name="statement_detail",
    ),
    path(
        "reference/statements/<int:statement_id>/edit/",
        statements.statement_edit,
        name="statement_edit",
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
