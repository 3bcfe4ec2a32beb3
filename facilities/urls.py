from django.urls import path

from . import bed_link_views, views

app_name = "facilities"

urlpatterns = [
    path("", views.facility_list, name="facility-list"),
    path("add/", views.facility_create, name="facility-create"),
    path("export.csv", views.facility_export, name="facility-export"),
    path("imports/", views.import_list, name="import-list"),
    path("imports/<int:job>/", views.import_detail, name="import-detail"),
    path("imports/<int:job>/confirm/", views.import_confirm, name="import-confirm"),
    path("<int:facility>/", views.facility_detail, name="facility-detail"),
    path("<int:facility>/edit/", views.facility_update, name="facility-update"),
    path("<int:facility>/archive/", views.facility_archive, name="facility-archive"),
    path("<int:facility>/verify/", views.facility_verify, name="facility-verify"),
    path("<int:facility>/beds/", views.beds_update, name="beds-update"),
    path("<int:facility>/beds/<int:beds>/confirm/", views.beds_confirm, name="beds-confirm"),
    path("<int:facility>/relationship/<int:org>/", views.relationship_edit, name="relationship-edit"),
    path("<int:facility>/bed-link/", bed_link_views.bed_link_send, name="bed-link-send"),
    path("<int:facility>/bed-link/revoke/", bed_link_views.bed_link_revoke, name="bed-link-revoke"),
    # Public: the facility's admissions contact confirms its beds through the emailed link, without an account.
    path("beds/confirm/done/", bed_link_views.bed_confirm_done, name="bed-confirm-done"),
    path("beds/confirm/<str:token>/", bed_link_views.bed_confirm, name="bed-confirm"),
]
