export { notifyPerson, type NotifyDeps } from "./notify";
export { noticeMail, NOTICE_TYPES, type NoticeInput } from "./templates";
