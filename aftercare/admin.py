from django.contrib import admin

from .models import AftercareSettings

# Case data (follow-ups, plans, sessions, notifications) has no admin: it is reached only through the app's pages,
# which scope it to the practice and audit every read.
admin.site.register(AftercareSettings)
