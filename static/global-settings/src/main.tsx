import { mount } from '../../shared/mount';
import { GlobalSettingsApp } from './global-settings-app';

mount(<GlobalSettingsApp />);
