-- Run once, when the db service first creates its data volume: the database
-- the tests reset lives beside the app's own (POSTGRES_DB creates `app`).
-- `make test` refuses any database whose name does not end in _test.
CREATE DATABASE app_test OWNER app;
