"""stats pages"""

urlpatterns: list = []
