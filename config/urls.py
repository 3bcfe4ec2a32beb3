from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from accounts import email_address
from accounts import views as account_views
from interventions.views import calendar as calendar_views

# The admin signs in through allauth only: its rate limits and two-step sign-in apply (ASVS V2).
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("", account_views.home, name="home"),
    path("accounts/email/", email_address.email, name="account_email"),  # before allauth's: see accounts.email_address
    path("accounts/", include("allauth.urls")),
    path("practice/", include("accounts.urls")),
    path("cases/", include("interventions.urls")),
    path("calendar/<str:token>.ics", calendar_views.feed, name="calendar-feed"),
    path("aftercare/", include("aftercare.urls")),
    path("directory/", include("facilities.urls")),
    path("reports/", include("reports.urls")),
    path("", include("consents.urls")),  # cases/<case>/consents/, cases/<case>/disclosures/, sign/
    path("", include("families.urls")),  # portal/, cases/<case>/family/, checklists/: after cases/
    path("django-admin/", admin.site.urls),
]

handler403 = "accounts.views.permission_denied"
handler404 = "accounts.views.page_not_found"
handler500 = "accounts.views.server_error"
