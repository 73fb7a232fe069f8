"""console pages"""

urlpatterns: list = []
