-- Run once, when the db service first creates its volume: the tests get a
-- database of their own (`make test` empties it), apart from the app's.
CREATE DATABASE app_test OWNER app;
