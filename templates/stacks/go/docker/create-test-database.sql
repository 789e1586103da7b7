-- Run once, when the compose database starts on an empty volume: `make test`
-- resets only a database whose name ends in _test.
CREATE DATABASE app_test OWNER app;
