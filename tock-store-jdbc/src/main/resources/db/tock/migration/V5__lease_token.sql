-- The fencing token has one name in every layer: LeaseRef.leaseToken, the API's leaseToken, and this column.
ALTER TABLE tock_jobs RENAME COLUMN lease_epoch TO lease_token;
