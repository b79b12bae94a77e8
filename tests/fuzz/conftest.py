"""The fuzz tests reuse the dashboard's world: two teams, their coordinators, an admin."""

from tests.dashboard.conftest import as_admin, as_coord_a, world  # noqa: F401  (fixtures)
