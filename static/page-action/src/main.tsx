import { mount } from '../../shared/mount';
import { PageActionApp } from './page-action-app';

mount(<PageActionApp />, { padding: 'space.200' });
