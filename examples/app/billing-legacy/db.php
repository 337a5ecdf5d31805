<?php
// Connection settings of the billing back office.
define('DB_HOST', 'billing-db.internal');
define('DB_PASSWORD', 'B4ck-0ffice-Pw!');

$mail = ['host' => 'smtp.internal', 'password' => 'Smtp-Relay-2024#'];
