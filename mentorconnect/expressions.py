"""Query expressions written as one piece of SQL (SQLExpression), for the rules that run on
every search and dashboard: the match score (profiles.matching) and what a program speaks of
(programs.models.AreasSpoken)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django.db.models import Func

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler


class SQLExpression(Func):
    """An expression written as one piece of SQL over a few columns. Built of the ORM's own
    functions (Cos, Case, When, ...) the match score had hundreds of nodes, and compiling them
    cost more than PostgreSQL took to run the query; these are a handful each.

    Subclasses name their `columns` (one source expression each) and give sql_and_values():
    the SQL with `{column}` where a compiled column goes and `%s` for each of its own values,
    and those values in order."""

    columns: tuple[str, ...] = ()

    def sql_and_values(self) -> tuple[str, list[Any]]:
        raise NotImplementedError

    def as_sql(
        self,
        compiler: SQLCompiler,
        connection: BaseDatabaseWrapper,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> tuple[str, tuple[Any, ...]]:
        sources = dict(zip(self.columns, self.get_source_expressions(), strict=True))
        written, values = self.sql_and_values()
        own_values = iter(values)
        sql: list[str] = []
        params: list[Any] = []
        # Parameters go in the order their places appear, a column's own (a subquery's) too.
        for piece in re.split(r"(\{\w+\}|%s)", written):
            if piece == "%s":
                sql.append(piece)
                params.append(next(own_values))
            elif piece.startswith("{") and piece.endswith("}"):
                column_sql, column_params = compiler.compile(sources[piece[1:-1]])
                sql.append(column_sql)
                params.extend(column_params)
            else:
                sql.append(piece)
        return "".join(sql), tuple(params)
