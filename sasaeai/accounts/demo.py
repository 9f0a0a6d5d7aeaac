"""One demo user per role in the demo city (all fictional)."""

from __future__ import annotations

from sasaeai.areas.models import Area, Municipality

from .constants import Role
from .models import RoleAssignment, User

DEMO_PASSWORD = "sasaeai-demo"

# username, display name, role, whether the role is scoped to the first layer-2 area
DEMO_USERS = (
    ("demo-admin", "市役所 管理 花子", Role.MUNICIPAL_ADMIN, False),
    ("demo-sc1", "第1層SC 支援 一郎", Role.SC_LAYER1, False),
    ("demo-sc2", "第2層SC 中央 和子", Role.SC_LAYER2, True),
    ("demo-member", "協議体 委員 次郎", Role.COUNCIL_MEMBER, True),
    ("demo-adviser", "アドバイザー 相談 三郎", Role.ADVISER, False),
    ("demo-viewer", "職員 閲覧 四郎", Role.VIEWER, False),
)


def build(*, municipality: Municipality) -> list[tuple[str, str]]:
    """Create the demo users with their role assignments; returns (username, role label)."""
    first_area = Area.objects.layer2().filter(municipality=municipality).order_by("code").first()
    logins = []
    for username, display_name, role, scoped in DEMO_USERS:
        user = User.objects.create_user(
            username=username, password=DEMO_PASSWORD, display_name=display_name
        )
        RoleAssignment.objects.create(
            user=user, role=role, municipality=municipality, area=first_area if scoped else None
        )
        logins.append((username, str(Role(role).label)))
    return logins
