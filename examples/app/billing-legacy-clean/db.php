<?php
// Connection settings of the billing back office: read from the environment at run time.
define('DB_HOST', 'billing-db.internal');
define('DB_PASSWORD', getenv('DB_PASSWORD'));

$mail = ['host' => 'smtp.internal', 'password' => getenv('SMTP_PASSWORD')];
