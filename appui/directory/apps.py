from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "appui.directory"
    label = "directory"
    verbose_name = _("Directory")
    default_auto_field = "django.db.models.BigAutoField"
    # Staff groups this app's migrations create, by the name `appui create_staff --group`
    # knows them: the editors may change the directory's models and nothing else.
    staff_groups = {"directory": "Federation directory editors"}
