-- Which eligibility scan created an invitation batch. A second scan in the same month adds new
-- residents to the month's unsigned batch but must not start a second signing for it: the scan
-- hands on only the batches it created (its own re-delivered job finds the same ones).
alter table app.invitation_batches add column scan_process_instance_key bigint;
