-- Organization list and import at scale (issue 3, bench/orgs).
-- A page of a subtree by name takes its ids from an index alone, then reads
-- those rows by id: orgs_region_name for small subtrees (range scan + sort),
-- orgs_name_order for large ones (names in order, kept when in the range);
-- org_store.cpp picks one. Names sort with COLLATE "C" (bytewise, as in
-- SQLite), so both engines list in the same order whatever the database
-- locale. They replace orgs_region (region_code, id) and orgs_name (name).
CREATE INDEX orgs_region_name ON orgs (region_code, name COLLATE "C", id);
CREATE INDEX orgs_name_order ON orgs (name COLLATE "C", id, region_code);
DROP INDEX orgs_region;
DROP INDEX orgs_name;
-- The public directory lists published organizations only: a partial index
-- (the query says "published = 1" literally) that unpublished ones, most of
-- them, never touch, instead of (published, region_code) over every row.
CREATE INDEX orgs_published_region ON orgs (region_code, name COLLATE "C", id) WHERE published = 1;
DROP INDEX orgs_published;
