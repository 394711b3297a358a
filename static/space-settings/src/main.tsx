import { mount } from '../../shared/mount';
import { SpaceSettingsApp } from './space-settings-app';

mount(<SpaceSettingsApp />);
