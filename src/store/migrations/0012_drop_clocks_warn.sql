-- 12: clocks_warn (migration 4) is dropped. No query selects or orders clocks by warn_at (the
-- scheduler finds what is due through next_at, which already covers the warning), so the index
-- only cost every new running clock one more B-tree insert and page in its commit.
DROP INDEX IF EXISTS clocks_warn;
