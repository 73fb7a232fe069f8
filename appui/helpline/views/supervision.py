"""supervision pages"""

urlpatterns: list = []
