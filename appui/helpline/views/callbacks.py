"""callbacks pages"""

urlpatterns: list = []
