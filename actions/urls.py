from django.urls import include, path

from actions.views import campaign_actions, demands, messaging, plan, reference, research, timeline

app_name = "actions"

# The actions area of a campaign: /c/<campaign>/actions/...
area = [
    path("", plan.index, name="index"),
    path("stages/", plan.stages, name="stages"),
    path("settings/", plan.settings, name="settings"),
    path("settings/place/", plan.place_set, name="place_set"),
    path("settings/publish/", plan.publish, name="publish"),
    # Goals
    path("goals/", plan.goal_list, name="goal_list"),
    path("goals/new/", plan.goal_create, name="goal_create"),
    path("goals/<int:pk>/edit/", plan.goal_edit, name="goal_edit"),
    path("goals/<int:pk>/move/", plan.goal_reorder, name="goal_move"),
    path("goals/<int:pk>/delete/", plan.goal_delete, name="goal_delete"),
    # Research
    path("research/", research.research, name="research"),
    path("research/new/", research.question_create, name="question_create"),
    path("research/<int:pk>/", research.question_detail, name="question_detail"),
    path("research/<int:pk>/edit/", research.question_edit, name="question_edit"),
    path("research/<int:pk>/delete/", research.question_delete, name="question_delete"),
    path("research/<int:pk>/links/", research.link_create, name="link_create"),
    path("research/links/<int:pk>/delete/", research.link_delete, name="link_delete"),
    path("records/", research.records_list, name="records_list"),
    path("records/new/", research.records_create, name="records_create"),
    path("records/<int:pk>/", research.records_detail, name="records_detail"),
    path("records/<int:pk>/edit/", research.records_edit, name="records_edit"),
    path("records/<int:pk>/documents/", research.document_upload, name="document_upload"),
    path("records/documents/<int:pk>/", research.document_download, name="records_document"),
    path("records/documents/<int:pk>/delete/", research.document_remove, name="document_delete"),
    # Demands and the comparison with enacted policies
    path("demands/", demands.demand_list, name="demand_list"),
    path("demands/new/", demands.demand_add, name="demand_add"),
    path("demands/<int:pk>/", demands.demand_detail, name="demand_detail"),
    path("demands/<int:pk>/edit/", demands.demand_edit, name="demand_edit"),
    path("demands/<int:pk>/state/", demands.demand_state, name="demand_state"),
    path("demands/<int:pk>/delete/", demands.demand_remove, name="demand_delete"),
    path("demands/<int:pk>/public/", campaign_actions.demand_public, name="demand_public"),
    path("compare/", demands.compare, name="compare"),
    # Actions
    path("list/", campaign_actions.action_list, name="action_list"),
    path("new/", campaign_actions.action_create, name="action_create"),
    path("<int:pk>/", campaign_actions.action_detail, name="action_detail"),
    path("<int:pk>/edit/", campaign_actions.action_edit, name="action_edit"),
    path("<int:pk>/delete/", campaign_actions.action_delete, name="action_delete"),
    path("<int:pk>/stories/", campaign_actions.action_story_add, name="action_story_add"),
    path(
        "stories/<int:pk>/remove/",
        campaign_actions.action_story_remove,
        name="action_story_remove",
    ),
    path("<int:pk>/public/", campaign_actions.action_public, name="action_public"),
    # Timeline
    path("timeline/", timeline.timeline_page, name="timeline"),
    path("timeline.csv", timeline.timeline_csv, name="timeline_csv"),
    path("timeline.ics", timeline.timeline_ics, name="timeline_ics"),
    # Messaging
    path("messaging/", messaging.messaging, name="messaging"),
    path("messaging/examples/", messaging.messaging_examples, name="messaging_examples"),
]
for _kind, _views in messaging.VIEWS.items():
    area += [
        path(f"messaging/{_kind}s/new/", _views["create"], name=f"{_kind}_create"),
        path(f"messaging/{_kind}s/<int:pk>/edit/", _views["edit"], name=f"{_kind}_edit"),
        path(f"messaging/{_kind}s/<int:pk>/delete/", _views["delete"], name=f"{_kind}_delete"),
    ]

urlpatterns = [
    path("c/<slug:campaign_slug>/actions/", include(area)),
    # Shared reference data: the policy-element catalogue and enacted policies' scores.
    path("reference/policy-elements/", reference.element_list, name="element_list"),
    path("reference/policy-elements/new/", reference.element_create, name="element_create"),
    path(
        "reference/policy-elements/<int:element_id>/edit/",
        reference.element_edit,
        name="element_edit",
    ),
    path("reference/policy-scores/<int:policy_id>/", reference.policy_scores, name="policy_scores"),
    # Its first address; the page now lives among the public pages (public:timeline).
    path(
        "public/timeline/<str:public_key>/",
        timeline.public_timeline_moved,
        name="public_timeline",
    ),
]
