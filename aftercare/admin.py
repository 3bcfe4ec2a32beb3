from django.contrib import admin

from .models import AftercarePlan, AftercareSettings, Episode, FamilySupportSession, FollowUp, Notification, Reminder


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["case", "kind", "anchor", "offset_days", "due_at", "status", "assigned_to", "reminded_at"]
    list_filter = ["status", "kind", "anchor"]
    raw_id_fields = ["case", "episode", "assigned_to", "created_by", "recorded_by", "rescheduled_from"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["follow_up", "kind", "created_at", "email_sent_at"]
    list_filter = ["kind"]
    raw_id_fields = ["follow_up"]


admin.site.register([AftercareSettings, Episode, AftercarePlan, FamilySupportSession, Notification])
