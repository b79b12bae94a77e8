"""What every process (web, clock, worker, command line) shares: config and database."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from reminders.core.config import Config
from reminders.core.db import make_engine, make_sessionmaker


@dataclass
class Runtime:
    config: Config
    engine: Engine
    sessions: sessionmaker[Session]

    @classmethod
    def from_config(cls, config: Config) -> "Runtime":
        engine = make_engine(config.database_url)
        return cls(config=config, engine=engine, sessions=make_sessionmaker(engine))

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed if the block succeeds, rolled back if not."""
        with self.sessions() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()
