import pytest

from tests.e2e.stack import Stack


@pytest.fixture
def stack(database_url, rt, tmp_path):
    """Real processes on the test database; all of them killed when the test ends.

    Depends on `rt` so that its clean-up (emptying the tables) runs after every
    process here has stopped.
    """
    processes = Stack(database_url, tmp_path)
    try:
        yield processes
    finally:
        try:
            # Shown by pytest only when the test failed: what each process said.
            print(processes.logs())
        finally:
            processes.close()
