export { NotifyFifos } from './notify-fifos';
