export { SmtpClient, serverName } from './smtp-client';
export type { SmtpSettings } from './smtp-client';
export { dataPayload, rfc822Date, toHeader } from './smtp-message';
export type { AlertMail } from './smtp-message';
export { AlertMailer } from './alert-mailer';
export type { AlertSender, AlertSenderFactory } from './alert-mailer';
