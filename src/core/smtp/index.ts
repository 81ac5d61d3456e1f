export { SmtpClient, serverName } from './smtp-client';
export type { SmtpSettings } from './smtp-client';
export { dataPayload, rfc822Date, toHeader } from './smtp-message';
export type { AlertMail } from './smtp-message';
