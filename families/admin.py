from django.contrib import admin

from .models import Article, ChecklistTemplate, ChecklistTemplateItem, Topic


class ChecklistTemplateItemInline(admin.TabularInline):
    model = ChecklistTemplateItem
    extra = 0


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "model", "organization", "is_active"]
    inlines = [ChecklistTemplateItemInline]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "is_published", "updated_at"]


admin.site.register(Topic)
