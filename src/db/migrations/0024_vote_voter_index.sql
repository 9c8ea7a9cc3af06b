-- A voter's votes of a day are read before every vote (already voted for this
-- entry? how many entries today?). With only (competition_id, voter_key,
-- vote_day), SQLite's planner preferred the covering UNIQUE index on
-- (competition_id, application_id, voter_key, vote_day) and scanned every vote
-- of the competition for each new vote. Carrying application_id makes the
-- voter index covering, so the lookup is a seek on both engines.
DROP INDEX competition_votes_voter;
CREATE INDEX competition_votes_voter ON competition_votes (competition_id, voter_key, vote_day, application_id);
