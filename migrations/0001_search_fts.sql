-- Embedded search index: one row per searchable posting (rowid = jobs.id), holding jieba
-- tokens joined by spaces. Contentless: the text lives in `jobs`; snippets are built
-- from it. Columns in bm25 weight order: title > tags (occupation, skills, brand,
-- benefits) > place > body (description, employer). Filters (partner area, type, brand,
-- province, city, county) are tokens of a `filters` column, so a filtered search
-- intersects doclists inside FTS5 instead of joining every match of a popular word.
CREATE VIRTUAL TABLE `jobs_fts` USING fts5(title, tags, place, body, filters, content='', contentless_delete=1, tokenize='unicode61');
--> statement-breakpoint
-- Column weights for bm25, kept with the table so every `ORDER BY rank` uses them.
INSERT INTO `jobs_fts` (`jobs_fts`, `rank`) VALUES ('rank', 'bm25(10.0, 5.0, 3.0, 1.0, 0.0)');
