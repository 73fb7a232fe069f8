"""public pages"""

urlpatterns: list = []
