from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "appui.api"
    label = "api"
